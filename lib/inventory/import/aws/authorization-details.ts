// Reads `aws iam get-account-authorization-details` output, streamed: users, groups, roles (with
// trust policies, instance profiles, RoleLastUsed) and managed policies with every version. Each
// entry is checked against the shape AWS documents; a bad one is refused with its JSON path.
import { z } from "zod";
import type { FileReader } from "../file-reader";
import { jsonItems } from "../read-json";

const SECTIONS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

/** AWS CLI dates: `2023-03-09T10:41:45+00:00`, or with a space instead of the T (some exporters). */
const AwsDate = z.string().transform((s, ctx) => {
  const d = new Date(s.includes("T") ? s : s.replace(" ", "T"));
  if (Number.isNaN(d.getTime())) ctx.addIssue({ code: "custom", message: `not a date: ${JSON.stringify(s.slice(0, 40))}` });
  return d;
});
const Arn = z.string().regex(/^arn:[\w-]+:iam::[\w-]*:/, "expected an IAM ARN");

/** A policy document as the CLI prints it (an object), or URL-encoded JSON as the raw API returns it. */
const PolicyDocument = z.unknown().transform((v, ctx) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(decodeURIComponent(v)) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "policy document is a string that is not URL-encoded JSON" });
    return z.NEVER;
  }
});

const Attached = z.object({ PolicyArn: Arn, PolicyName: z.string().optional() });
const Inline = z.object({ PolicyName: z.string().min(1), PolicyDocument });
const Tag = z.object({ Key: z.string(), Value: z.string().default("") });
const Boundary = z.object({ PermissionsBoundaryArn: Arn }).optional();
const list = <T extends z.ZodType>(t: T) => z.array(t).nullish().transform((v) => v ?? []);

const User = z.object({
  UserName: z.string().min(1), UserId: z.string().optional(), Arn, Path: z.string().default("/"), CreateDate: AwsDate,
  GroupList: list(z.string()), AttachedManagedPolicies: list(Attached), UserPolicyList: list(Inline), Tags: list(Tag),
  PermissionsBoundary: Boundary,
});
const Group = z.object({
  GroupName: z.string().min(1), GroupId: z.string().optional(), Arn, CreateDate: AwsDate,
  AttachedManagedPolicies: list(Attached), GroupPolicyList: list(Inline),
});
const Role = z.object({
  RoleName: z.string().min(1), RoleId: z.string().optional(), Arn, Path: z.string().default("/"), CreateDate: AwsDate,
  Description: z.string().optional(), AssumeRolePolicyDocument: PolicyDocument.optional(),
  InstanceProfileList: list(z.object({ InstanceProfileName: z.string() })),
  RolePolicyList: list(Inline), AttachedManagedPolicies: list(Attached), Tags: list(Tag), PermissionsBoundary: Boundary,
  RoleLastUsed: z.object({ LastUsedDate: AwsDate.optional(), Region: z.string().optional() }).nullish(),
});
const Policy = z.object({
  PolicyName: z.string().min(1), Arn, DefaultVersionId: z.string().optional(), CreateDate: AwsDate.optional(),
  PolicyVersionList: list(z.object({ Document: PolicyDocument, VersionId: z.string(), IsDefaultVersion: z.boolean(), CreateDate: AwsDate.optional() })),
});

export type AwsUser = z.infer<typeof User>;
export type AwsGroup = z.infer<typeof Group>;
export type AwsRole = z.infer<typeof Role>;
export type AwsPolicy = z.infer<typeof Policy>;

export type AuthorizationDetails = { users: AwsUser[]; groups: AwsGroup[]; roles: AwsRole[]; policies: AwsPolicy[] };

const SCHEMAS = { UserDetailList: User, GroupDetailList: Group, RoleDetailList: Role, Policies: Policy } as const;

/** Adds the file's entries to `into` (several exports, e.g. one per account, may be imported together). */
export async function readAuthorizationDetails(reader: FileReader, into: AuthorizationDetails): Promise<void> {
  const seen = new Set<string>();
  for await (const item of jsonItems(reader, SECTIONS.map((s) => `$.${s}.*`))) {
    const section = item.section as (typeof SECTIONS)[number];
    const parsed = SCHEMAS[section].safeParse(item.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = item.path + issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
      throw reader.error(where, issue.message);
    }
    seen.add(section);
    if (section === "UserDetailList") into.users.push(parsed.data as AwsUser);
    else if (section === "GroupDetailList") into.groups.push(parsed.data as AwsGroup);
    else if (section === "RoleDetailList") into.roles.push(parsed.data as AwsRole);
    else into.policies.push(parsed.data as AwsPolicy);
  }
  // Empty lists emit no items: an empty account's export still names its sections up front.
  if (!seen.has("UserDetailList") && !seen.has("RoleDetailList") && !/"(UserDetailList|RoleDetailList)"\s*:/.test(await reader.peek())) {
    throw reader.error("$", "no UserDetailList or RoleDetailList: this is not `aws iam get-account-authorization-details` output");
  }
}
