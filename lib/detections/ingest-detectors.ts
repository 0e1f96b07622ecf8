// The detectors that run on every ingest batch, in the order they inspect an event.
import { environmentCrossing } from "./ingest/environment-crossing";
import { highRiskAction } from "./ingest/high-risk-action";
import { humanThroughNhi } from "./ingest/human-through-nhi";
import { newSource } from "./ingest/new-source";
import { ungrantedHighRisk } from "./ingest/ungranted-high-risk";
import type { IngestDetector } from "./ingest-detector";

export const INGEST_DETECTORS: readonly IngestDetector[] = [newSource, ungrantedHighRisk, environmentCrossing, humanThroughNhi, highRiskAction] as IngestDetector[];
