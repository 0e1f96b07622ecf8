// Every detector Warden runs: the ingest ones (on each batch) and the scheduled ones.
import type { DetectorInfo } from "./detector";
import { INGEST_DETECTORS } from "./ingest-detectors";
import { SCHEDULED_DETECTORS } from "./scheduled-detectors";

export const DETECTORS: readonly DetectorInfo[] = [...INGEST_DETECTORS, ...SCHEDULED_DETECTORS];

export const DETECTOR_IDS = DETECTORS.map((d) => d.id);

export function detectorInfo(id: string): DetectorInfo | undefined {
  return DETECTORS.find((d) => d.id === id);
}
