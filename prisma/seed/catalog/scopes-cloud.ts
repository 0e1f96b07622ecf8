// Cloud provider scopes (AWS IAM actions, GCP permissions, Azure RBAC operations) with the risk
// class Warden assigns them. Compact codes keep the tables readable: r read, w write, a admin,
// x export, t cross-tenant, s secret-read, p permission-change.
import type { RiskClass } from "../types";

export const RISK_CODES: Record<string, RiskClass> = {
  r: "read", w: "write", a: "admin", x: "export", t: "cross_tenant", s: "secret_read", p: "permission_change",
};

export type ScopeRow = readonly [name: string, code: keyof typeof RISK_CODES];

/** service → [action, risk]; the scope name is `service:Action`. */
const AWS: Record<string, string> = {
  s3: "GetObject r, PutObject w, DeleteObject w, ListBucket r, GetObjectVersion r, GetBucketPolicy r, PutBucketPolicy p, PutBucketAcl p, RestoreObject w, * a",
  iam: "ListRoles r, GetRole r, ListUsers r, CreateRole p, AttachRolePolicy p, PutRolePolicy p, PassRole p, CreateAccessKey p, UpdateAssumeRolePolicy p, CreateUser a, DeleteUser a, * a",
  sts: "AssumeRole r, GetSessionToken r, GetCallerIdentity r, AssumeRoleWithWebIdentity r",
  secretsmanager: "GetSecretValue s, ListSecrets r, DescribeSecret r, PutSecretValue w, RotateSecret w, DeleteSecret a",
  kms: "Decrypt s, Encrypt w, GenerateDataKey w, DescribeKey r, CreateGrant p, ScheduleKeyDeletion a",
  ssm: "GetParameter s, GetParametersByPath s, DescribeParameters r, PutParameter w, SendCommand a, StartSession a",
  dynamodb: "GetItem r, Query r, Scan r, DescribeTable r, PutItem w, UpdateItem w, DeleteItem w, ExportTableToPointInTime x, DeleteTable a",
  rds: "DescribeDBInstances r, CreateDBSnapshot w, StartExportTask x, ModifyDBSnapshotAttribute t, ModifyDBInstance a",
  ec2: "DescribeInstances r, DescribeSecurityGroups r, RunInstances w, CreateSnapshot w, ModifySnapshotAttribute t, AuthorizeSecurityGroupIngress a, TerminateInstances a",
  lambda: "GetFunction r, InvokeFunction w, UpdateFunctionCode a, AddPermission p",
  sqs: "ReceiveMessage r, SendMessage w, DeleteMessage w, SetQueueAttributes a",
  sns: "Publish w, Subscribe w, ListTopics r",
  athena: "StartQueryExecution r, GetQueryResults r",
  logs: "FilterLogEvents r, PutLogEvents w, CreateExportTask x, DeleteLogGroup a",
  cloudtrail: "LookupEvents r, StopLogging a",
  ecr: "GetAuthorizationToken r, BatchGetImage r, PutImage w",
  bedrock: "InvokeModel r, InvokeAgent w",
  organizations: "ListAccounts r, InviteAccountToOrganization t",
  ram: "CreateResourceShare t, AcceptResourceShareInvitation t",
  redshift: "GetClusterCredentials s, DescribeClusters r",
  glue: "GetTable r, StartJobRun w",
  cloudformation: "DescribeStacks r, CreateStack a",
};

const GCP: readonly ScopeRow[] = [
  ["storage.objects.get", "r"], ["storage.objects.list", "r"], ["storage.objects.create", "w"],
  ["storage.objects.delete", "w"], ["storage.buckets.setIamPolicy", "p"], ["storage.hmacKeys.create", "p"],
  ["bigquery.tables.getData", "r"], ["bigquery.jobs.create", "r"], ["bigquery.tables.updateData", "w"],
  ["bigquery.tables.export", "x"], ["bigquery.datasets.setIamPolicy", "p"], ["bigquery.datasets.delete", "a"],
  ["secretmanager.versions.access", "s"], ["secretmanager.secrets.list", "r"], ["secretmanager.versions.add", "w"],
  ["iam.serviceAccounts.actAs", "p"], ["iam.serviceAccounts.getAccessToken", "w"], ["iam.serviceAccountKeys.create", "p"],
  ["resourcemanager.projects.get", "r"], ["resourcemanager.projects.setIamPolicy", "p"],
  ["resourcemanager.organizations.getIamPolicy", "t"],
  ["pubsub.topics.publish", "w"], ["pubsub.subscriptions.consume", "r"],
  ["compute.instances.list", "r"], ["compute.instances.create", "w"], ["compute.instances.delete", "a"],
  ["compute.instances.setMetadata", "a"], ["container.clusters.get", "r"], ["container.clusters.update", "a"],
  ["cloudkms.cryptoKeyVersions.useToDecrypt", "s"], ["cloudkms.cryptoKeyVersions.useToEncrypt", "w"],
  ["logging.logEntries.list", "r"], ["logging.sinks.create", "x"], ["cloudsql.instances.connect", "r"],
  ["cloudsql.instances.export", "x"], ["spanner.databases.read", "r"], ["spanner.databases.write", "w"],
  ["run.routes.invoke", "w"], ["run.services.update", "a"], ["dataflow.jobs.create", "w"],
  ["aiplatform.endpoints.predict", "r"],
];

const AZURE: readonly ScopeRow[] = [
  ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", "r"],
  ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "w"],
  ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete", "w"],
  ["Microsoft.Storage/storageAccounts/listKeys/action", "s"],
  ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "s"],
  ["Microsoft.KeyVault/vaults/secrets/setSecret/action", "w"],
  ["Microsoft.KeyVault/vaults/accessPolicies/write", "p"],
  ["Microsoft.Compute/virtualMachines/read", "r"],
  ["Microsoft.Compute/virtualMachines/write", "w"],
  ["Microsoft.Compute/virtualMachines/runCommand/action", "a"],
  ["Microsoft.Compute/snapshots/beginGetAccess/action", "x"],
  ["Microsoft.Authorization/roleAssignments/write", "p"],
  ["Microsoft.Authorization/roleDefinitions/write", "p"],
  ["Microsoft.Authorization/*", "a"],
  ["Microsoft.Sql/servers/databases/read", "r"],
  ["Microsoft.Sql/servers/databases/export/action", "x"],
  ["Microsoft.Web/sites/read", "r"],
  ["Microsoft.Web/sites/publishxml/action", "s"],
  ["Microsoft.Web/sites/config/write", "a"],
  ["Microsoft.ContainerService/managedClusters/listClusterUserCredential/action", "s"],
  ["Microsoft.ContainerService/managedClusters/read", "r"],
  ["Microsoft.EventHub/namespaces/eventhubs/write", "w"],
  ["Microsoft.ManagedIdentity/userAssignedIdentities/assign/action", "p"],
  ["Microsoft.Resources/subscriptions/resourceGroups/read", "r"],
  ["Microsoft.Resources/deployments/write", "a"],
  ["Microsoft.Lighthouse/registrationAssignments/write", "t"],
];

export function awsRows(): ScopeRow[] {
  const rows: ScopeRow[] = [];
  for (const [svc, list] of Object.entries(AWS)) {
    for (const item of list.split(",")) {
      const [action, code] = item.trim().split(" ");
      rows.push([`${svc}:${action}`, code]);
    }
  }
  return rows;
}

export const gcpRows = (): readonly ScopeRow[] => GCP;
export const azureRows = (): readonly ScopeRow[] => AZURE;
