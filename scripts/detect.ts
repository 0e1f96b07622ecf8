// `npm run detect -- [--detector <id>] [--backfill-days N] [--list]`: runs the scheduled detectors
// now (all, or one), optionally first replays the ingest detectors over the last N days of stored
// events, and prints what each raised. The job queue runs the same verbs on their cadence.
import { parseArgs } from "node:util";
import { backfillDetections } from "../lib/detections/backfill";
import { DETECTORS } from "../lib/detections/catalogue";
import { foldCandidates } from "../lib/detections/fold";
import { runDetectors } from "../lib/detections/run-detectors";
import { run, UsageError } from "./lib/cli";
import { cliActor, withDatabase } from "./lib/with-db";

const { values } = parseArgs({ options: { detector: { type: "string" }, "backfill-days": { type: "string" }, list: { type: "boolean" } } });

await run(async () => {
  if (values.list) {
    for (const d of DETECTORS) console.log(`${d.id.padEnd(22)} ${d.kind.padEnd(9)} ${d.severity.padEnd(8)} ${d.title}`);
    return;
  }
  const days = values["backfill-days"] === undefined ? 0 : Number(values["backfill-days"]);
  if (!Number.isInteger(days) || days < 0 || days > 400) throw new UsageError("--backfill-days must be a whole number of days from 0 to 400");
  await withDatabase(async () => {
    const actor = cliActor();
    await foldCandidates(undefined, { wait: true });
    if (days > 0) {
      const now = new Date();
      const r = await backfillDetections({ actor }, { from: new Date(now.getTime() - days * 86_400_000), to: new Date(now.getTime() + 3_600_000) });
      console.log(`warden: ingest detectors over ${r.events.toLocaleString("en")} stored events: ${r.raised} raised, ${r.reopened} reopened`);
    }
    for (const r of await runDetectors({ actor }, { detector: values.detector })) {
      console.log(`warden: ${r.detector.padEnd(22)} ${r.skipped ?? `${r.candidates} found, ${r.raised} new, ${r.reopened} reopened, ${r.resolved} resolved`} (${r.ms} ms)`);
    }
  });
});
