// A small, fully known estate for the explorer / identity-page integration suites: three identities,
// a handful of scopes and grants, ~150 events written with plain SQL into daily partitions, and
// hourly rollups built from those events the way ingest maintains them.
import type pg from "pg";
import type { Actor } from "../auth/roles";
import { rollupsFromEvents } from "../test/rollups";

export const NOW = new Date("2026-11-20T12:00:00.000Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;
export const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow);

export const viewer: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000001", email: "v@example.com", name: "V", role: "viewer" };
export const admin: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000003", email: "a@example.com", name: "A", role: "admin" };
export const ingestKey: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] };

export type Fixture = {
  owners: { payments: string; platform: string };
  ids: { alpha: string; beta: string; gamma: string };
  /** Total events inserted. */
  events: number;
};

type Ev = {
  t: Date | string;
  identity: "alpha" | "beta" | "gamma";
  action: string;
  scope?: string | null;
  resource?: string | null;
  decision?: "allow" | "deny" | "error";
  granted?: boolean | null;
  risk?: string | null;
  reason?: string | null;
  ip?: string | null;
  ua?: string | null;
  session?: string | null;
  trace?: string | null;
  context?: Record<string, unknown> | null;
};

const SCOPES: [name: string, risk: string][] = [
  ["s3:GetObject", "read"],
  ["s3:PutObject", "write"],
  ["iam:AttachRolePolicy", "permission_change"],
  ["secretsmanager:GetSecretValue", "secret_read"],
  ["dynamodb:ExportTableToPointInTime", "export"],
];
const RISK = Object.fromEntries(SCOPES);

function events(): Ev[] {
  const out: Ev[] = [];
  // alpha: a session a day for ten days from its usual server (chain + two reads each).
  for (let d = 0; d < 10; d++) {
    const t0 = NOW.getTime() - d * DAY - 2 * HOUR;
    const s = `ses_alpha_${d}`;
    const base = { identity: "alpha" as const, ip: "10.0.0.1", ua: "aws-sdk-go/1.44", session: s };
    out.push({ ...base, t: new Date(t0), action: "authenticate", trace: `tr_a${d}` });
    out.push({ ...base, t: new Date(t0 + 100), action: "token.issue", trace: `tr_a${d}` });
    out.push({ ...base, t: new Date(t0 + 200), action: "sts:AssumeRole", trace: `tr_a${d}` });
    out.push({ ...base, t: new Date(t0 + 300), action: "s3:GetObject", scope: "s3:GetObject", granted: true, resource: "arn:aws:s3:::billing/report.csv", trace: `tr_b${d}` });
    out.push({ ...base, t: new Date(t0 + 400), action: "s3:GetObject", scope: "s3:GetObject", granted: true, resource: "arn:aws:s3:::billing/summary.csv", trace: `tr_b${d}` });
  }
  // alpha: its write grant was last used 40 days ago (unused in a 30-day window).
  out.push({ identity: "alpha", t: at(40 * DAY), action: "s3:PutObject", scope: "s3:PutObject", granted: true, ip: "10.0.0.1", ua: "aws-sdk-go/1.44", session: "ses_alpha_old", resource: "arn:aws:s3:::billing/in.csv" });
  // alpha: 20 days ago from an office IP (seen before the last week, so not new).
  out.push({ identity: "alpha", t: at(20 * DAY), action: "s3:GetObject", scope: "s3:GetObject", granted: true, ip: "10.0.0.9", ua: "aws-sdk-go/1.44", trace: "tr_office" });
  // alpha, yesterday at night: a new address and client reading a secret it holds no grant for
  // (allowed: a policy gap) and trying an export (denied).
  const night = { identity: "alpha" as const, ip: "198.51.100.7", ua: "python-requests/2.31.0", session: "ses_replay" };
  out.push({ ...night, t: at(DAY + 9 * HOUR), action: "secretsmanager:GetSecretValue", scope: "secretsmanager:GetSecretValue", granted: false, resource: "arn:aws:secretsmanager:prod/db" });
  out.push({ ...night, t: at(DAY + 9 * HOUR - 1000), action: "secretsmanager:GetSecretValue", scope: "secretsmanager:GetSecretValue", granted: false, resource: "arn:aws:secretsmanager:prod/api" });
  out.push({ ...night, t: at(DAY + 9 * HOUR - 2000), action: "dynamodb:ExportTableToPointInTime", scope: "dynamodb:ExportTableToPointInTime", granted: false, decision: "deny", reason: "AccessDenied: not authorized to perform export", resource: "arn:aws:dynamodb:orders" });
  out.push({ ...night, t: at(DAY + 9 * HOUR - 3000), action: "s3:GetObject", scope: "s3:GetObject", granted: true, resource: "arn:aws:s3:::billing/all.csv" });

  // beta: traces only; five events at the very same instant (keyset ties), and two a microsecond apart.
  for (let i = 0; i < 5; i++) {
    out.push({ identity: "beta", t: at(3 * HOUR), action: "s3:GetObject", scope: "s3:GetObject", granted: true, ip: `10.1.0.${i}`, ua: "bot/1.0", trace: "tr_tie" });
  }
  out.push({ identity: "beta", t: "2026-11-20T08:00:00.123456Z", action: "s3:GetObject", scope: "s3:GetObject", granted: true, ip: "10.1.0.1", ua: "bot/1.0", trace: "tr_micro" });
  out.push({ identity: "beta", t: "2026-11-20T08:00:00.123457Z", action: "s3:GetObject", scope: "s3:GetObject", granted: true, ip: "10.1.0.1", ua: "bot/1.0", trace: "tr_micro" });
  for (let i = 0; i < 40; i++) {
    const deny = i % 8 === 0;
    out.push({
      identity: "beta", t: at(i * 37 * 60_000 + 5 * 60_000), action: deny ? "s3:PutObject" : "s3:GetObject",
      scope: deny ? "s3:PutObject" : "s3:GetObject", granted: !deny, decision: deny ? "deny" : "allow",
      reason: deny ? "AccessDenied: no grant" : null, ip: "10.1.0.2", ua: "bot/1.0", trace: `tr_beta_${i}`,
      resource: `arn:aws:s3:::catalog/item-${i}`,
    });
  }
  // gamma: no session or trace; free text with LIKE metacharacters; an error.
  for (let i = 0; i < 12; i++) {
    out.push({
      identity: "gamma", t: at(i * 2 * HOUR + 30 * 60_000), action: i % 3 === 0 ? "bedrock:InvokeModel" : "s3:ListBucket",
      resource: i === 4 ? "reports/Quarterly%Report_2026" : `reports/r${i}`, decision: i === 7 ? "error" : "allow",
      reason: i === 7 ? "ThrottlingException" : null, ip: "172.16.0.5", ua: "agent-runtime/0.3",
      context: i === 0 ? { task: "summarise invoices", tool: "s3.list" } : null,
    });
  }
  // Outside every window the suites use (31 days ago) and in the future: never shown.
  out.push({ identity: "gamma", t: at(31 * DAY), action: "s3:ListBucket", ip: "172.16.0.5" });
  out.push({ identity: "gamma", t: at(-30 * 60_000), action: "s3:ListBucket", ip: "172.16.0.5", reason: "from the future" });
  return out;
}

export async function seedTrailsFixture(pool: pg.Pool): Promise<Fixture> {
  await pool.query("SELECT warden_ensure_event_partitions($1, $2)", [at(45 * DAY), at(-DAY)]);
  const owner = async (team: string, person: string, email: string) =>
    (await pool.query<{ id: string }>("INSERT INTO owners (team, person_name, person_email) VALUES ($1, $2, $3) RETURNING id", [team, person, email])).rows[0].id;
  const owners = { payments: await owner("payments", "Ada Lovelace", "ada@example.com"), platform: await owner("platform", "Grace Hopper", "grace@example.com") };
  const identity = async (ext: string, name: string, kind: string, status: string, ownerId: string | null) =>
    (
      await pool.query<{ id: string }>(
        `INSERT INTO identities (external_id, name, kind, actor_type, provider, environment, status, owner_id, created_at)
         VALUES ($1, $2, $3, 'nhi', 'aws', 'prod', $4, $5, $6) RETURNING id`,
        [ext, name, kind, status, ownerId, at(200 * DAY)],
      )
    ).rows[0].id;
  const ids = {
    alpha: await identity("arn:aws:iam::1:user/svc-alpha", "svc-alpha", "service_account", "active", owners.payments),
    beta: await identity("bot:beta", "bot-beta", "bot", "active", owners.platform),
    gamma: await identity("agent:gamma", "agent-gamma", "ai_agent", "discovered", null),
  };
  const scopeIds: Record<string, string> = {};
  for (const [name, risk] of SCOPES) {
    scopeIds[name] = (
      await pool.query<{ id: string }>(
        "INSERT INTO scopes (name, resource, risk_class, provider, description) VALUES ($1, 'x', $2, 'aws', $3) RETURNING id",
        [name, risk, `${name} on x`],
      )
    ).rows[0].id;
  }
  const grant = (identityId: string, scope: string, daysAgo: number, revoked = false) =>
    pool.query(
      `INSERT INTO grants (identity_id, scope_id, granted_by, granted_at, revoked_at, revoked_by)
       VALUES ($1, $2, 'sec@example.com', $3, $4, $5)`,
      [identityId, scopeIds[scope], at(daysAgo * DAY), revoked ? at(DAY) : null, revoked ? "sec@example.com" : null],
    );
  await grant(ids.alpha, "s3:GetObject", 100);
  await grant(ids.alpha, "s3:PutObject", 100);
  await grant(ids.alpha, "iam:AttachRolePolicy", 50);
  await grant(ids.alpha, "secretsmanager:GetSecretValue", 100, true); // revoked: not a live grant
  await grant(ids.beta, "s3:GetObject", 100);

  const ownerOf = { alpha: owners.payments, beta: owners.platform, gamma: null };
  const refOf = { alpha: "arn:aws:iam::1:user/svc-alpha", beta: "bot:beta", gamma: "agent:gamma" };
  const rows = events();
  for (const [i, e] of rows.entries()) {
    const t = typeof e.t === "string" ? e.t : e.t.toISOString();
    await pool.query(
      `INSERT INTO audit_events (source, event_id, occurred_at, received_at, identity_id, identity_ref, actor_type,
         credential_ref, action, resource, scope, decision, reason, source_ip, user_agent, session_id, trace_id,
         context, owner_id, environment, granted, risk_class)
       VALUES ('test', $1, $2::timestamptz, $2::timestamptz + interval '1 second', $3, $4, 'nhi', $5, $6, $7, $8,
         $9::decision, $10, $11, $12, $13, $14, $15::jsonb, $16, 'prod', $17, $18::risk_class)`,
      [
        `ev-${i}`, t, ids[e.identity], refOf[e.identity], `cred-${e.identity}`, e.action, e.resource ?? null,
        e.scope ?? null, e.decision ?? "allow", e.reason ?? null, e.ip ?? null, e.ua ?? null, e.session ?? null,
        e.trace ?? null, e.context ? JSON.stringify(e.context) : null, ownerOf[e.identity],
        e.scope ? (e.granted ?? false) : null, e.scope ? (RISK[e.scope] ?? null) : null,
      ],
    );
  }
  await rollupsFromEvents(pool);
  return { owners, ids, events: rows.length };
}
