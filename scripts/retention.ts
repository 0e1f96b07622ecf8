// `npm run retention`: applies the per-risk-class retention policy once and prints what it did.
import { applyRetention } from "../lib/retention/apply-retention";
import { RETENTION_DAYS } from "../lib/retention/policy";
import { run } from "./lib/cli";
import { cliActor, withDatabase } from "./lib/with-db";

await run(async () => {
  await withDatabase(async () => {
    console.log(`warden: retention policy (days): ${JSON.stringify(RETENTION_DAYS)}`);
    const r = await applyRetention({ actor: cliActor() }, {});
    console.log(`warden: dropped ${r.droppedPartitions.length} daily partitions${r.droppedPartitions.length ? ` (${r.droppedPartitions[0]} … ${r.droppedPartitions.at(-1)})` : ""}`);
    console.log(`warden: deleted ${r.deletedRows.routine} routine and ${r.deletedRows.write} write events past their time; ${r.rollupRowsDeleted} rollup rows`);
  });
});
