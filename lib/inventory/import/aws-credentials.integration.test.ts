// AWS users with the IAM credential report (fixtures/aws-credential-report-012345678901.csv, written
// for the cloudsplaining test export's account: the samples have no report): NHI vs human, the
// operator's override, access keys with age, rotation and last use, and the root user.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../../test/db";
import { userActor } from "../../test/actors";
import { importInventory } from "./import-inventory";
import { AWS_SAMPLES, fixtureFile, sampleFile, textFile } from "./test-files";

let t: TestDb;
const admin = { actor: userActor("admin") };
const DETAILS = `${AWS_SAMPLES}/cloudsplaining-test-authz-details.json`;
const REPORT = "aws-credential-report-012345678901.csv";
const q = async <T,>(text: string, values: unknown[] = []) => (await t.pool.query(text, values)).rows as T[];
const users = () => q<{ name: string; actor_type: string; kind: string; basis: string }>(
  `SELECT name, actor_type::text, kind::text, attributes->>'actorTypeBasis' AS basis FROM identities WHERE external_id ~ ':(user/|root)' ORDER BY name`);

beforeAll(async () => {
  t = await createTestDatabase("aws_credentials");
});
afterAll(() => t?.close());

describe("AWS users and the credential report", () => {
  it("without a report, decides by name and says so; the operator's --nhi wins", async () => {
    await importInventory(admin, { options: { source: "aws", dryRun: false, nhi: ["obama"] }, files: [sampleFile(DETAILS)] });
    expect(await users()).toEqual([
      { name: "biden", actor_type: "human", kind: "user", basis: "default: taken for a person (no credential report)" },
      { name: "obama", actor_type: "nhi", kind: "service_account", basis: "operator (--nhi)" },
      { name: "userwithlotsofpermissions", actor_type: "human", kind: "user", basis: "default: taken for a person (no credential report)" },
    ]);
  });

  it("with the report: a console password is a person, access keys without one a machine; keys and the root user come in", async () => {
    const out = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(DETAILS), fixtureFile(REPORT)] });
    expect(out.files.map((f) => f.format)).toEqual(["aws-authorization-details", "aws-credential-report"]);
    expect(out.command).toContain("aws iam get-credential-report --query Content --output text | base64 --decode > credential-report.csv");
    expect(await users()).toEqual([
      { name: "biden", actor_type: "human", kind: "user", basis: "credential report: console password" },
      { name: "obama", actor_type: "human", kind: "user", basis: "credential report: console password" },
      { name: "root (012345678901)", actor_type: "human", kind: "user", basis: "the account's root user" },
      { name: "userwithlotsofpermissions", actor_type: "nhi", kind: "service_account", basis: "credential report: access keys, no console password" },
    ]);
    const csv = readFileSync(path.join(import.meta.dirname, "fixtures", REPORT), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const keys = csv.flatMap((c) => [c[9], c[14]].filter((rotated) => rotated !== "N/A")).length;
    const passwords = csv.filter((c) => c[3] === "true").length;
    expect(out.diff.credentials.added).toBe(keys + passwords);
    expect(await q(`SELECT c.fingerprint, c.type::text, c.status::text, c.issued_at, c.last_used_at FROM credentials c ORDER BY 1`)).toEqual([
      { fingerprint: "aws-iam:arn:aws:iam::012345678901:user/biden:password", type: "password", status: "active", issued_at: new Date("2019-12-18T19:12:40Z"), last_used_at: null },
      { fingerprint: "aws-iam:arn:aws:iam::012345678901:user/obama:access_key_1", type: "access_key", status: "active", issued_at: new Date("2022-03-04T10:11:12Z"), last_used_at: new Date("2025-01-09T17:45:00Z") },
      { fingerprint: "aws-iam:arn:aws:iam::012345678901:user/obama:password", type: "password", status: "active", issued_at: new Date("2024-10-01T12:00:00Z"), last_used_at: new Date("2025-01-10T08:03:12Z") },
      { fingerprint: "aws-iam:arn:aws:iam::012345678901:user/userwithlotsofpermissions:access_key_1", type: "access_key", status: "active", issued_at: new Date("2020-02-14T09:30:00Z"), last_used_at: new Date("2025-01-10T03:00:12Z") },
      { fingerprint: "aws-iam:arn:aws:iam::012345678901:user/userwithlotsofpermissions:access_key_2", type: "access_key", status: "active", issued_at: new Date("2024-06-01T00:00:00Z"), last_used_at: null },
    ]);
    expect(await q(`SELECT last_seen_at FROM identities WHERE name = 'obama'`)).toEqual([{ last_seen_at: new Date("2025-01-10T08:03:12Z") }]);
  });

  it("a full re-import whose report no longer lists a key revokes that credential; the same files again change nothing", async () => {
    const report = readFileSync(path.join(import.meta.dirname, "fixtures", REPORT), "utf8").replace("true,2024-06-01T00:00:00+00:00,N/A", "false,N/A,N/A");
    const out = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(DETAILS), textFile("credential-report.csv", report)] });
    expect(out.diff.credentials).toMatchObject({ removed: 1, added: 0, changed: 0 });
    expect(await q(`SELECT status::text FROM credentials WHERE fingerprint LIKE '%userwithlotsofpermissions:access_key_2'`)).toEqual([{ status: "revoked" }]);
    const again = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(DETAILS), textFile("credential-report.csv", report)] });
    expect(again.diff.credentials).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(again.diff.identities).toMatchObject({ added: 0, changed: 0, removed: 0 });
    // An import without the report leaves credentials alone: it did not cover them.
    const detailsOnly = await importInventory(admin, { options: { source: "aws", dryRun: true }, files: [sampleFile(DETAILS)] });
    expect(detailsOnly.coverage.credentials).toEqual([]);
    expect(detailsOnly.diff.credentials.removed).toBe(0);
  });

  it("refuses a report without the authorization details", async () => {
    await expect(importInventory(admin, { options: { source: "aws" }, files: [fixtureFile(REPORT)] })).rejects.toMatchObject({ code: "invalid", field: "file" });
  });
});
