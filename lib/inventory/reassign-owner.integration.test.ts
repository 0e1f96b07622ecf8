// Reassigning an identity's owner on real PostgreSQL: the change and its audit row land together;
// roles that may not write are refused and change nothing; bad input is refused before any write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Actor } from "../auth/roles";
import { createTestDatabase, type TestDb } from "../test/db";
import { reassignOwner as reassign, type ReassignOwnerInput } from "./reassign-owner";

const reassignOwner = (actor: Actor, input: ReassignOwnerInput) => reassign({ actor }, input);

let t: TestDb;
let identityId: string;
let payments: string;
let platform: string;

const admin: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000003", email: "a@example.com", name: "A", role: "admin" };
const roles = ["viewer", "reviewer", "auditor"] as const;
const userOf = (role: (typeof roles)[number]): Actor => ({ kind: "user", id: "00000000-0000-4000-8000-000000000009", email: `${role}@example.com`, name: role, role });

async function state() {
  const i = await t.prisma.identity.findUniqueOrThrow({ where: { id: identityId } });
  const log = await t.pool.query("SELECT actor_label, action, target_type, target_id, detail FROM warden_audit_log WHERE action = 'identity.reassign_owner' ORDER BY seq");
  return { ownerId: i.ownerId, log: log.rows };
}

beforeAll(async () => {
  t = await createTestDatabase("trails");
  payments = (await t.prisma.owner.create({ data: { team: "payments", personName: "Ada Lovelace", personEmail: "ada@example.com" } })).id;
  platform = (await t.prisma.owner.create({ data: { team: "platform", personName: "Grace Hopper", personEmail: "grace@example.com" } })).id;
  identityId = (
    await t.prisma.identity.create({
      data: { externalId: "svc:x", name: "svc-x", kind: "service_account", actorType: "nhi", provider: "aws", environment: "prod", status: "active", ownerId: payments },
    })
  ).id;
});
afterAll(() => t?.close());

describe("reassignOwner", () => {
  it("refuses every role but admin, and changes nothing", async () => {
    for (const role of roles) {
      await expect(reassignOwner(userOf(role), { identityId, ownerId: platform })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(
      reassignOwner({ kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] }, { identityId, ownerId: platform }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await state()).toEqual({ ownerId: payments, log: [] });
  });

  it("reassigns and appends identity.reassign_owner in the same transaction", async () => {
    const r = await reassignOwner(admin, { identityId, ownerId: platform, reason: "  team reorganisation  " });
    expect(r).toMatchObject({ changed: true, from: { team: "payments" }, to: { team: "platform", personName: "Grace Hopper" } });
    const s = await state();
    expect(s.ownerId).toBe(platform);
    expect(s.log).toEqual([
      {
        actor_label: "a@example.com", action: "identity.reassign_owner", target_type: "identity", target_id: identityId,
        detail: {
          identity: { name: "svc-x", externalId: "svc:x" },
          from: { id: payments, team: "payments", person: "ada@example.com" },
          to: { id: platform, team: "platform", person: "grace@example.com" },
          reason: "team reorganisation",
        },
      },
    ]);
  });

  it("does nothing (and logs nothing) when the owner is already the one asked for", async () => {
    const before = (await state()).log.length;
    expect((await reassignOwner(admin, { identityId, ownerId: platform })).changed).toBe(false);
    expect((await state()).log).toHaveLength(before);
  });

  it("validates input before writing", async () => {
    await expect(reassignOwner(admin, { identityId, ownerId: "not-a-uuid" })).rejects.toMatchObject({ code: "invalid", field: "ownerId" });
    await expect(reassignOwner(admin, { identityId, ownerId: payments, reason: "x".repeat(501) })).rejects.toMatchObject({
      code: "invalid",
      field: "reason",
    });
    await expect(reassignOwner(admin, { identityId, ownerId: "00000000-0000-4000-8000-00000000dead" })).rejects.toMatchObject({
      code: "not_found",
      field: "ownerId",
    });
    await expect(reassignOwner(admin, { identityId: "00000000-0000-4000-8000-00000000beef", ownerId: payments })).rejects.toMatchObject({
      code: "not_found",
      field: "identityId",
    });
    expect((await state()).ownerId).toBe(platform);
  });

  it("rolls the change back when the audit append fails", async () => {
    // The audit log refuses a TRUNCATE-like tamper elsewhere; here, force the append to fail by
    // making the trigger raise for this one transaction's inserts.
    await t.pool.query(`CREATE FUNCTION test_fail_audit() RETURNS TRIGGER LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'identity.reassign_owner' THEN RAISE EXCEPTION 'audit unavailable'; END IF; RETURN NEW; END $$`);
    await t.pool.query("CREATE TRIGGER test_fail_audit BEFORE INSERT ON warden_audit_log FOR EACH ROW EXECUTE FUNCTION test_fail_audit()");
    try {
      await expect(reassignOwner(admin, { identityId, ownerId: payments })).rejects.toThrow(/audit unavailable/);
      expect((await state()).ownerId).toBe(platform);
    } finally {
      await t.pool.query("DROP TRIGGER test_fail_audit ON warden_audit_log");
    }
  });
});
