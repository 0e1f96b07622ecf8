// Is an IAM user a machine (an NHI holding access keys) or a person? First rule that applies:
// 1. the operator says so: a tag on the user (`warden:actor-type` = nhi | human) or the import's
//    --nhi / --human lists (user names or ARNs);
// 2. the credential report: a console password means a person; no console password means a
//    machine (it can only call APIs, with access keys);
// 3. without a report: a name or path that says machine (svc, bot, ci, deploy, terraform, …) means
//    a machine; anything else is taken for a person, and says so — import the credential report
//    to decide on facts rather than names.
// The basis is kept on the identity (attribute actorTypeBasis) so the page can explain it.
import type { ActorType } from "../../../db/generated/enums";
import type { ReportRow } from "./credential-report";

export const ACTOR_TYPE_TAG = "warden:actor-type";

const MACHINE_NAME = /(^|[-_.@/+=,\s])(svc|service|srv|bot|robot|ci|cd|cicd|deploy|deployer|automation|auto|terraform|tf|jenkins|github|gitlab|circleci|pipeline|app|api|integration|sync|backup|monitor|monitoring|system|sa|worker|job|cron|lambda|ansible|packer|datadog|splunk)([-_.@/+=,\s\d]|$)/i;

export type UserClass = { actorType: ActorType; basis: string };

export function classifyAwsUser(
  user: { name: string; arn: string; path: string; tags: Map<string, string> },
  report: ReportRow | undefined,
  overrides: { nhi: ReadonlySet<string>; human: ReadonlySet<string> },
): UserClass {
  const tag = user.tags.get(ACTOR_TYPE_TAG)?.toLowerCase();
  if (tag === "nhi" || tag === "human") return { actorType: tag, basis: `tag ${ACTOR_TYPE_TAG}=${tag}` };
  if (overrides.nhi.has(user.name) || overrides.nhi.has(user.arn)) return { actorType: "nhi", basis: "operator (--nhi)" };
  if (overrides.human.has(user.name) || overrides.human.has(user.arn)) return { actorType: "human", basis: "operator (--human)" };
  if (report) {
    if (report.passwordEnabled) return { actorType: "human", basis: "credential report: console password" };
    return { actorType: "nhi", basis: report.credentials.some((c) => c.type === "access_key" && c.status === "active") ? "credential report: access keys, no console password" : "credential report: no console password" };
  }
  if (MACHINE_NAME.test(user.name) || MACHINE_NAME.test(user.path)) return { actorType: "nhi", basis: "name or path looks like a machine (no credential report)" };
  return { actorType: "human", basis: "default: taken for a person (no credential report)" };
}
