// Builds the whole demo inventory in memory, deterministically from (seed, sizes, now): owners,
// then the story identities (fixed names), then the background estate around them.
import { buildScopes } from "./catalog/scopes";
import { buildBackground } from "./inventory/background";
import { EstateBuilder } from "./inventory/builder";
import { buildOwners, ownerCount, peoplePicker } from "./inventory/owners";
import { Rng } from "./rng";
import { STORY_BUILDERS } from "./stories";
import type { Estate } from "./types";

/** Each story identity gets at least this share of the background weight (visible at any size). */
const STORY_MIN_SHARE = 0.004;

export function buildEstate(opts: { identities: number; days: number; seed: number; now: Date }): Estate {
  const rng = new Rng(opts.seed);
  const b = new EstateBuilder(rng.fork("builder"), opts.now, opts.days, buildScopes(rng.fork("scopes")));
  const people = peoplePicker(rng.fork("people"));
  buildOwners(b, rng.fork("owners"), ownerCount(opts.identities), people);
  for (const [name, story] of Object.entries(STORY_BUILDERS)) story.build(b, rng.fork(`story:${name}`));
  const storyIds = new Set(b.identities.map((i) => i.id));
  const background = opts.identities - b.identities.length;
  if (background < 0) throw new RangeError(`identities must be at least ${b.identities.length}`);
  buildBackground(b, rng.fork("background"), background, people);
  let total = 0;
  for (const [id, plan] of b.plans) if (!storyIds.has(id)) total += plan.weight;
  for (const id of storyIds) {
    const plan = b.plans.get(id)!;
    if (plan.weight > 0) plan.weight = Math.max(plan.weight, (STORY_MIN_SHARE * total * plan.weight) / 2.5);
  }
  return b.estate();
}
