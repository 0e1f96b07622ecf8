// The scheduled detectors, in the order a full run takes them.
import { abnormalRate } from "./scheduled/abnormal-rate";
import { denialBurst } from "./scheduled/denial-burst";
import { dormantCredential } from "./scheduled/dormant-credential";
import { dormantIdentity } from "./scheduled/dormant-identity";
import { offHours } from "./scheduled/off-hours";
import { discoveredIdentity, ownerless } from "./scheduled/ownerless";
import { expiredActive, rotationOverdue } from "./scheduled/rotation-overdue";
import { sharedCredential } from "./scheduled/shared-credential";
import { unusedGrants } from "./scheduled/unused-grants";
import type { ScheduledDetector } from "./scheduled-detector";

export const SCHEDULED_DETECTORS: readonly ScheduledDetector[] = [
  unusedGrants, dormantIdentity, dormantCredential, rotationOverdue, expiredActive, ownerless, discoveredIdentity,
  denialBurst, offHours, abnormalRate, sharedCredential,
] as ScheduledDetector[];
