// One unit of work of a workload: when its session has lapsed, the chain authentication → token
// issuance → role assumption first; then a few API calls (1–8) in a trace, each the parent of
// the next (API call → data access). Agents and CI runs carry their task / run as context.
import { MINUTE_MS } from "./rhythm";
import type { EventFactory } from "./factory";
import { agentTool } from "./outcome";
import type { EventRow } from "./row";
import { pickCum, type Runtime, type Session } from "./runtime";
import type { Profile } from "../types";

function pickProfile(f: EventFactory, rt: Runtime, t: number): number {
  const profiles = rt.plan.profiles;
  if (profiles.length === 1) return 0;
  const i = pickCum(rt.profileCum, f.rng.next());
  const from = profiles[i].activeFrom;
  return from !== undefined && t < from ? 0 : i;
}

function openSession(f: EventFactory, rt: Runtime, t: number): Session {
  const rng = f.rng;
  const plan = rt.plan;
  const keyed = plan.chain.auth || plan.chain.token;
  let context: Record<string, unknown> | null = null;
  if (plan.ciRepo) {
    context = {
      repository: plan.ciRepo, workflow: String(rt.identity.attributes.workflow ?? "ci.yml"),
      runId: rng.int(9e9, 1e10), ref: rng.chance(0.8) ? "refs/heads/main" : `refs/pull/${rng.int(100, 5000)}/merge`,
    };
  }
  return {
    id: keyed ? `ses_${rng.hex(20)}` : "",
    rootEventId: null,
    // Session credentials live one to eight hours (STS, OAuth, projected tokens are refreshed).
    expires: keyed ? t + rng.int(60, 480) * MINUTE_MS : Infinity,
    task: plan.agentTasks ? rng.pick(plan.agentTasks) : null,
    context,
  };
}

/** Opens the session chain; returns false when authentication or role assumption failed. */
function startChain(f: EventFactory, rt: Runtime, prof: Profile, s: Session, t: number, out: EventRow[]): [boolean, number] {
  const chain = rt.plan.chain;
  const trace = f.traceId();
  let parent: string | null = null;
  if (chain.auth) {
    const e = f.authenticate(rt, prof, t, s, trace);
    out.push(e);
    if (e.decision !== "allow") return [false, t];
    parent = e.eventId;
    t += f.rng.int(5, 120);
  }
  if (chain.token) {
    const e = f.event(rt, prof, t, {
      action: "token.issue", scope: null, target: null, session: s, traceId: trace, parent, authResult: "success",
    });
    out.push(e);
    parent = e.eventId;
    t += f.rng.int(5, 80);
  }
  if (chain.assume) {
    const u = rt.assume!;
    const e = f.event(rt, prof, t, { action: chain.assume, scope: chain.assume, target: f.rng.pick(u.targets), session: s, traceId: trace, parent });
    out.push(e);
    if (e.decision !== "allow") return [false, t];
    parent = e.eventId;
    t += f.rng.int(5, 120);
  }
  s.rootEventId = parent;
  return [true, t];
}

export function activity(f: EventFactory, rt: Runtime, t0: number, out: EventRow[]): void {
  const rng = f.rng;
  const pIdx = pickProfile(f, rt, t0);
  const prof = rt.plan.profiles[pIdx];
  let t = t0;
  let s = rt.sessions[pIdx];
  if (!s || t >= s.expires) {
    s = openSession(f, rt, t);
    const [ok, t1] = startChain(f, rt, prof, s, t, out);
    rt.sessions[pIdx] = ok ? s : null;
    if (!ok) return;
    t = t1;
  }
  if (rt.used.length === 0) return;
  const trace = f.traceId();
  let parent = s.rootEventId;
  const calls = Math.min(8, 1 + Math.floor(-Math.log(1 - rng.next()) / 0.6)); // 1 + geometric, mean ≈ 2.2
  for (let c = 0; c < calls; c++) {
    const probe = rt.probes.length > 0 && rng.chance(rt.plan.denialRate);
    let u = probe ? rng.pick(rt.probes) : rt.used[pickCum(rt.usedCum, rng.next())];
    for (let k = 0; k < 3 && !probe && (t < u.from || t > u.until); k++) u = rt.used[pickCum(rt.usedCum, rng.next())];
    if (!probe && (t < u.from || t > u.until)) continue;
    const context = s.task
      ? {
          agent: rt.identity.name, task: s.task.task, ...(s.task.prompt ? { prompt: s.task.prompt } : {}), runId: s.id, step: c + 1, model: "acme-llm-large",
          tool: agentTool(u.scope.riskClass, (xs) => rng.pick(xs)),
          approval: u.scope.riskClass === "read" ? { required: false } : { required: true, status: rng.chance(0.7) ? "auto-approved" : "approved" },
        }
      : null;
    const e = f.event(rt, prof, t, {
      action: u.scope.name, scope: u.scope.name, target: rng.pick(u.targets), session: s, traceId: trace, parent,
      authResult: rt.plan.chain.auth || rt.plan.chain.token ? null : "success", context,
    });
    out.push(e);
    parent = e.eventId;
    t += rng.int(10, 400);
  }
}
