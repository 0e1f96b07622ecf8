// The pure part of the seed (no database): the estate and the COPY stream are a function of
// (seed, sizes, now), and every story identity is present with the shape its story needs.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildEstate } from "./estate";
import { EventFactory } from "./events/factory";
import { generateChunks } from "./events/generate";
import { buildRuntimes } from "./events/runtime";
import { Rng } from "./rng";
import { STORIES } from "./stories";

const NOW = new Date("2025-06-15T12:00:00Z");
const SIZES = { identities: 120, days: 10, now: NOW };

function streamDigest(seed: number, total: number): { digest: string; lines: number } {
  const estate = buildEstate({ ...SIZES, seed });
  const rng = new Rng(seed);
  const runtimes = buildRuntimes(estate, rng.fork("targets"));
  const factory = new EventFactory(rng.fork("events"), new Map(estate.scopes.map((s) => [s.name, s])));
  const hash = createHash("sha256");
  let lines = 0;
  for (const c of generateChunks({ runtimes, factory, rng: rng.fork("bg"), seed, now: NOW.getTime(), days: SIZES.days, total, storyEvents: [] })) {
    hash.update(c.data);
    lines += c.rows;
    expect(c.data.filter((b) => b === 10).length).toBe(c.rows);
  }
  return { digest: hash.digest("hex"), lines };
}

describe("buildEstate", () => {
  it("is a function of the seed, sizes and now", () => {
    const json = (seed: number) => JSON.stringify(buildEstate({ ...SIZES, seed }), (_k, v: unknown) => (v instanceof Map ? [...v] : v));
    expect(json(5)).toBe(json(5));
    expect(json(5)).not.toBe(json(6));
  });

  it("holds every story identity and the requested number of identities", () => {
    const estate = buildEstate({ ...SIZES, seed: 1 });
    expect(estate.identities).toHaveLength(SIZES.identities);
    const ids = new Set(estate.identities.map((i) => i.externalId));
    for (const story of Object.values(STORIES)) expect(ids.has(story.externalId)).toBe(true);
    const fps = new Set(estate.credentials.map((c) => c.fingerprint));
    for (const story of Object.values(STORIES)) expect(fps.has(story.fingerprint)).toBe(true);
    expect(new Set(estate.identities.map((i) => i.name)).size).toBe(estate.identities.length);
  });
});

describe("generateChunks", () => {
  it("produces exactly the requested number of events, identically for the same seed", () => {
    const a = streamDigest(11, 5_000);
    expect(a.lines).toBe(5_000);
    expect(streamDigest(11, 5_000)).toEqual(a);
    expect(streamDigest(12, 5_000).digest).not.toBe(a.digest);
  });
});
