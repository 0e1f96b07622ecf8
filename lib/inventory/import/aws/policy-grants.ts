// What an identity's IAM policies allow, action by action, and why. Rules (AWS's own evaluation,
// without the request context an export does not have):
// - every Allow statement grants the actions its Action names (wildcards expanded against the
//   catalogue), or every action but those its NotAction names, whatever the resource or condition;
// - a Deny of an action on every resource (`Resource: "*"`) with no condition removes it; a
//   narrower or conditional Deny leaves the grant and is noted in its provenance;
// - a permissions boundary keeps only the actions the boundary's Allow statements also allow.
// The provenance of each grant names the policy (and version), the statement (Sid or #index),
// the resource patterns, whether a condition applies, and the group it came through.
import type { ActionCatalog, AwsAction } from "./action-catalog";

export type PolicyDoc = {
  /** Managed policy ARN, or `inline:<name>` for an inline policy. */
  policy: string;
  version?: string;
  document: unknown;
  /** The earliest the policy can have applied to the identity (see aws-import.ts). */
  since: Date;
  /** `group <name>` when it applies through a group. */
  via?: string;
};

export type Source = {
  policy: string; version?: string; statement: string; effect: "Allow" | "Deny";
  resource: string[]; notResource?: true; notAction?: true; conditional?: true; via?: string;
};

export type AllowedAction = { action: AwsAction; sources: Source[]; since: Date };

type Statement = { Sid?: unknown; Effect?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown; Condition?: unknown };

const list = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function statementsOf(document: unknown): Statement[] {
  const st = (document as { Statement?: unknown } | null)?.Statement;
  const all = Array.isArray(st) ? st : st && typeof st === "object" ? [st] : [];
  return all.filter((s): s is Statement => typeof s === "object" && s !== null);
}

export class PolicyEvaluator {
  private readonly expanded = new WeakMap<Statement, AwsAction[]>();

  constructor(
    private readonly catalog: ActionCatalog,
    private readonly warn: (message: string) => void,
  ) {}

  /** The actions a statement names (NotAction: the complement), expanded once per statement object. */
  actionsOf(s: Statement, policy: string): AwsAction[] {
    const hit = this.expanded.get(s);
    if (hit) return hit;
    const patterns = list(s.Action ?? s.NotAction);
    const named = new Set<AwsAction>();
    for (const p of patterns) {
      const { actions, unknown } = this.catalog.expand(p);
      if (unknown) this.warn(`${policy}: "${p}" names no action in the IAM catalogue${/[*?]/.test(p) ? " (matches nothing)" : " (kept as written)"}`);
      if (!unknown || !/[*?]/.test(p)) for (const a of actions) named.add(a);
    }
    const out = s.NotAction !== undefined && s.Action === undefined ? this.catalog.all.filter((a) => !named.has(a)) : [...named];
    this.expanded.set(s, out);
    return out;
  }

  private source(doc: PolicyDoc, s: Statement, index: number): Source {
    const src: Source = {
      policy: doc.policy,
      ...(doc.version ? { version: doc.version } : {}),
      statement: typeof s.Sid === "string" && s.Sid ? s.Sid : `#${index}`,
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      resource: list(s.Resource ?? s.NotResource),
    };
    if (s.NotResource !== undefined && s.Resource === undefined) src.notResource = true;
    if (s.NotAction !== undefined && s.Action === undefined) src.notAction = true;
    if (s.Condition !== undefined && s.Condition !== null && Object.keys(s.Condition as object).length) src.conditional = true;
    if (doc.via) src.via = doc.via;
    return src;
  }

  /** The actions these policies allow, with their sources and the earliest date they can apply. */
  allowed(docs: PolicyDoc[], boundary?: PolicyDoc): Map<AwsAction, AllowedAction> {
    const out = new Map<AwsAction, AllowedAction>();
    const denies: { src: Source; actions: AwsAction[] }[] = [];
    for (const doc of docs) {
      statementsOf(doc.document).forEach((s, i) => {
        const actions = this.actionsOf(s, doc.policy);
        const src = this.source(doc, s, i);
        if (src.effect === "Deny") return void denies.push({ src, actions });
        for (const action of actions) {
          const a = out.get(action);
          if (!a) out.set(action, { action, sources: [src], since: doc.since });
          else {
            a.sources.push(src);
            if (doc.since < a.since) a.since = doc.since;
          }
        }
      });
    }
    for (const { src, actions } of denies) {
      const total = !src.conditional && !src.notResource && src.resource.includes("*");
      for (const action of actions) {
        if (total) out.delete(action);
        else out.get(action)?.sources.push(src);
      }
    }
    if (boundary) {
      const bounded = this.allowed([boundary]);
      for (const action of [...out.keys()]) if (!bounded.has(action)) out.delete(action);
    }
    return out;
  }
}
