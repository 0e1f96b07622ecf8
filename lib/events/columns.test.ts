import { describe, expect, expectTypeOf, it } from "vitest";
import type { Decision } from "../db/generated/enums";
import { EVENT_SELECT, SHOWN_EVENT_COLUMNS, STORED_EVENT_COLUMNS, toEventRow, type EventRow } from "./columns";
import { EVENT_EXPORT_COLUMNS } from "./export-events";

describe("audit_events columns", () => {
  it("lists the stored columns in table order, as ingest's COPY writes them", () => {
    expect(STORED_EVENT_COLUMNS.map(([name]) => name)).toEqual([
      "source", "event_id", "occurred_at", "received_at", "identity_id", "identity_ref", "actor_type", "credential_ref",
      "action", "resource", "scope", "decision", "auth_result", "reason", "policy_id", "source_ip", "user_agent", "origin",
      "method", "path", "status", "session_id", "trace_id", "parent_event_id", "context", "owner_id", "environment",
      "granted", "risk_class",
    ]);
    expect(Object.fromEntries(STORED_EVENT_COLUMNS)).toMatchObject({ status: "int", context: "jsonb", decision: "decision", owner_id: "uuid" });
  });

  it("exports the key and times first and context last, under the column names", () => {
    expect(EVENT_EXPORT_COLUMNS.map((c) => c.header)).toEqual([
      "id", "occurred_at", "received_at", "source", "event_id", "identity_id", "identity_ref", "identity_name",
      "identity_kind", "actor_type", "credential_ref", "action", "resource", "scope", "decision", "auth_result",
      "reason", "policy_id", "source_ip", "user_agent", "origin", "method", "path", "status", "session_id",
      "trace_id", "parent_event_id", "owner_team", "environment", "granted", "risk_class", "context",
    ]);
    expect(EVENT_EXPORT_COLUMNS.map((c) => c.field).slice(0, 3)).toEqual(["id", "at", "receivedAt"]);
  });

  it("selects every shown column under its field name, enums as text", () => {
    expect(EVENT_SELECT.text).toContain('e.decision::text AS "decision"');
    expect(EVENT_SELECT.text).toContain('o.team AS "ownerTeam"');
    expect(SHOWN_EVENT_COLUMNS.some((c) => c.name === "owner_id")).toBe(false);
  });

  it("derives the EventRow type from the list", () => {
    expectTypeOf<EventRow>().toEqualTypeOf<{
      id: string; at: string; receivedAt: string; source: string; eventId: string; identityId: string; identityRef: string;
      identityName: string | null; identityKind: string | null; actorType: string; credentialRef: string | null; action: string;
      resource: string | null; scope: string | null; decision: Decision; authResult: string | null; reason: string | null;
      policyId: string | null; sourceIp: string | null; userAgent: string | null; origin: string | null; method: string | null;
      path: string | null; status: number | null; sessionId: string | null; traceId: string | null; parentEventId: string | null;
      context: string | null; ownerTeam: string | null; environment: string | null; granted: boolean | null; riskClass: string | null;
    }>();
  });

  it("maps a row read from PostgreSQL to JSON-safe values", () => {
    const raw: Record<string, unknown> = Object.fromEntries(SHOWN_EVENT_COLUMNS.map((c) => [c.field, null]));
    Object.assign(raw, { id: "7", at: "2026-11-20T10:00:00.000001Z", receivedAt: new Date("2026-11-20T10:00:01Z"), context: { b: [1] }, status: 200 });
    const row = toEventRow(raw);
    expect(row).toMatchObject({ id: "7", receivedAt: "2026-11-20T10:00:01.000Z", context: '{"b":[1]}', status: 200, granted: null, reason: null });
  });
});
