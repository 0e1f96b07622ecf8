// Real attack logs through the real ingest pipeline: each Stratus Red Team detonation that
// involves a non-human identity raises the finding its technique calls for, and the count of
// events behind it equals the count of matching records read straight from the file.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestKeyActor } from "../test/actors";
import { createTestDatabase, type TestDb } from "../test/db";
import { ingestBatch } from "../ingest/ingest-batch";
import { foldCandidates } from "./fold";

const SAMPLES = path.resolve("../shared/samples/cloudtrail");
const STRATUS = path.join(SAMPLES, "stratus-red-team-detonation-logs");

// Technique file → the API calls that carry it out and the class the finding must have. Written
// from Stratus Red Team's technique descriptions, not from the detector's rules.
const TECHNIQUES: [string, string[], string][] = [
  ["aws.defense-evasion.cloudtrail-delete", ["DeleteTrail"], "logging"],
  ["aws.defense-evasion.cloudtrail-event-selectors", ["PutEventSelectors"], "logging"],
  ["aws.defense-evasion.cloudtrail-stop", ["StopLogging"], "logging"],
  ["aws.defense-evasion.dns-delete-logs", ["DeleteResolverQueryLogConfig"], "logging"],
  ["aws.defense-evasion.vpc-remove-flow-logs", ["DeleteFlowLogs"], "logging"],
  ["aws.credential-access.secretsmanager-retrieve-secrets", ["GetSecretValue"], "secret_read"],
  ["aws.credential-access.secretsmanager-batch-retrieve-secrets", ["BatchGetSecretValue"], "secret_read"],
  ["aws.credential-access.ssm-retrieve-securestring-parameters", ["GetParameters"], "secret_read"],
  ["aws.exfiltration.ec2-share-ami", ["ModifyImageAttribute"], "share"],
  ["aws.exfiltration.ec2-share-ebs-snapshot", ["ModifySnapshotAttribute"], "share"],
  ["aws.exfiltration.rds-share-snapshot", ["ModifyDBSnapshotAttribute"], "share"],
  ["aws.persistence.iam-backdoor-role", ["UpdateAssumeRolePolicy"], "federation"],
  ["aws.persistence.iam-backdoor-user", ["CreateAccessKey"], "credential"],
  ["aws.persistence.iam-create-admin-user", ["CreateAccessKey"], "credential"],
  ["aws.persistence.iam-create-admin-user", ["AttachUserPolicy"], "permission_change"],
  ["aws.persistence.iam-create-backdoor-role", ["AttachRolePolicy"], "permission_change"],
  ["aws.persistence.iam-create-user-login-profile", ["CreateLoginProfile"], "credential"],
  ["aws.privilege-escalation.iam-update-user-login-profile", ["UpdateLoginProfile"], "credential"],
  ["aws.persistence.lambda-backdoor-function", ["AddPermission20150331v2"], "permission_change"],
  ["aws.persistence.rolesanywhere-create-trust-anchor", ["CreateTrustAnchor", "CreateProfile"], "federation"],
  ["aws.persistence.sts-federation-token", ["GetFederationToken"], "federation"],
  ["aws.lateral-movement.ec2-instance-connect", ["SendSSHPublicKey"], "credential"],
  ["aws.lateral-movement.ec2-serial-console-send-ssh-public-key", ["SendSerialConsoleSSHPublicKey"], "credential"],
];

type Rec = { eventName: string; errorCode?: string; userIdentity: { type?: string; arn?: string; sessionContext?: { sessionIssuer?: { arn?: string } } } };
// An assumed-role session acts as its role (the session issuer), not as the session ARN.
const principalOf = (u: Rec["userIdentity"]) => (u.type === "AssumedRole" && u.sessionContext?.sessionIssuer?.arn) || u.arn;
const records = (file: string): Rec[] => {
  const j = JSON.parse(readFileSync(path.join(STRATUS, `${file}.json`), "utf8"));
  return Array.isArray(j) ? j : j.Records;
};

let t: TestDb;
const q = <T extends object>(text: string, values: unknown[] = []) => t.pool.query<T & import("pg").QueryResultRow>(text, values).then((r) => r.rows);

beforeAll(async () => {
  t = await createTestDatabase("attack_samples");
  for (const f of readdirSync(STRATUS).filter((f) => f.endsWith(".json"))) {
    await ingestBatch(ingestKeyActor, { body: readFileSync(path.join(STRATUS, f)), contentType: "application/json", format: "cloudtrail" });
  }
  await foldCandidates(t.pool, { wait: true });
}, 120_000);
afterAll(() => t?.close());

describe("Stratus Red Team detonations", () => {
  for (const [file, calls, cls] of TECHNIQUES) {
    it(`${file}: ${calls.join(", ")} → high-risk-action (${cls})`, async () => {
      const hits = records(file).filter((r) => calls.includes(r.eventName) && !r.errorCode);
      expect(hits.length).toBeGreaterThan(0);
      const arns = [...new Set(hits.map((r) => principalOf(r.userIdentity)))];
      const rows = await q<{ occurrences: number; detail: { inputs: { action: string } } }>(`
        SELECT f.occurrences::int AS occurrences, f.detail FROM findings f JOIN identities i ON i.id = f.identity_id
         WHERE f.detector = 'high-risk-action' AND f.subject = $1 AND i.external_id = ANY ($2::text[])`, [cls, arns]);
      expect(rows).toHaveLength(arns.length);
      // Other classified calls of the same identity and class in the same file count too.
      expect(rows.reduce((n, r) => n + r.occurrences, 0)).toBeGreaterThanOrEqual(hits.length);
    });
  }

  it("prints the table of techniques and the findings they raised", async () => {
    const rows = await q<{ detector: string; subject: string; n: number }>(`SELECT detector, subject, count(*)::int AS n FROM findings GROUP BY 1, 2 ORDER BY 1, 2`);
    console.log(rows.map((r) => `${r.detector} ${r.subject || ""}: ${r.n}`).join("\n"));
    expect(rows.length).toBeGreaterThan(0);
  });
});
