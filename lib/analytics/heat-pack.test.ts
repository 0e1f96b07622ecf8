import { describe, expect, it } from "vitest";
import { packHeat, unpackHeat } from "./heat-pack";
import { columnsOf, type HeatRow } from "./over-privilege";

const row = (id: string, cells: HeatRow["cells"]): HeatRow => ({
  id, name: id, externalId: id, kind: "service_account", actorType: "nhi", status: "active", team: null,
  granted: 2, unused: 1, grantedWeight: 5, unusedWeight: 4, ungranted: 1, score: 0.8, cells,
});

describe("packHeat / unpackHeat", () => {
  it("round-trips rows and cells exactly and sends each scope once", () => {
    const rows = [
      row("a", [
        { scope: "admin:all", risk: "admin", grantedAtMs: Date.parse("2026-10-01T12:00:00.123Z"), uses: 0, denied: 3, ungrantedUses: 0 },
        { scope: "db:read", risk: "read", grantedAtMs: Date.parse("2026-09-01T00:00:00.000Z"), uses: 1234, denied: 0, ungrantedUses: 0 },
      ]),
      row("b", [{ scope: "legacy:x", risk: null, grantedAtMs: null, uses: 0, denied: 0, ungrantedUses: 7 }]),
    ];
    const packed = packHeat(rows, columnsOf(rows));
    expect(unpackHeat(JSON.parse(JSON.stringify(packed)))).toEqual(rows);
    expect(packed).toMatchObject({ rowCount: 2, firstRowId: "a" });
    expect(JSON.stringify(packed).match(/admin:all/g)).toHaveLength(1);
  });

  it("refuses a cell whose scope is not a column", () => {
    const rows = [row("a", [{ scope: "x", risk: "read", grantedAtMs: null, uses: 1, denied: 0, ungrantedUses: 0 }])];
    expect(() => packHeat(rows, [])).toThrow(/no column/);
  });
});
