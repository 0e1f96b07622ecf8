// Every story, in a fixed order. Each builder adds its identity (credential, grants, plan); some
// also script events on top of the background behaviour.
import { dormantAdmin } from "./dormant-admin";
import { humanThroughServiceAccount } from "./human-through-sa";
import type { Story } from "./kit";
import { ownerlessKey } from "./ownerless-key";
import { probingIntegration } from "./probing-integration";
import { prodFromDev } from "./prod-from-dev";
import { replayKey } from "./replay-key";
import { secretExportAgent } from "./secret-export-agent";
import { sharedCredential } from "./shared-credential";
import { unusedCiToken } from "./unused-ci-token";
import type { StoryName } from "./constants";

export { STORIES, type StoryName } from "./constants";

export const STORY_BUILDERS: Record<StoryName, Story> = {
  dormantAdmin, ownerlessKey, unusedCiToken, replayKey, probingIntegration,
  secretExportAgent, prodFromDev, sharedCredential, humanThroughServiceAccount,
};
