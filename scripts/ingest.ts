// `npm run ingest -- <file|dir|-> [--format f] [--url U] [--key K] [--batch N] [--concurrency C]`
// Streams audit-log files (plain or .gz; JSON, NDJSON, CloudTrail, Kubernetes audit, OCSF incl.
// Parquet) to the ingest API in batches, with a progress line and a final summary. Re-running it
// on the same files adds nothing: every event is reported as a duplicate.
import { readdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readRecordsFromFile } from "../lib/ingest/decode";
import { IngestClientError, sendBatch, type BatchOutcome } from "../lib/ingest-client/sender";
import { run, UsageError } from "./lib/cli";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: "string" },
    url: { type: "string", default: process.env.WARDEN_URL ?? "http://localhost:3000" },
    key: { type: "string", default: process.env.WARDEN_INGEST_KEY },
    batch: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "4" },
  },
});

function listFiles(target: string): string[] {
  if (target === "-") return ["-"];
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`${target}: no such file or directory`);
  if (!st.isDirectory()) return [target];
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(json|ndjson|jsonl|log|gz|parquet)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function stdinToFile(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const file = path.join(os.tmpdir(), `warden-ingest-stdin-${process.pid}.log`);
  await writeFile(file, Buffer.concat(chunks));
  return file;
}

await run(async () => {
  if (positionals.length !== 1) throw new UsageError("usage: ingest <file|dir|-> [--format f] [--url U] [--key K]");
  if (!values.key) throw new UsageError("an ingest key is required: --key <key> or WARDEN_INGEST_KEY (create one with `npm run --silent ingest-key -- create <name>`)");
  const batchSize = Math.min(5000, Math.max(1, Number(values.batch)));
  const concurrency = Math.max(1, Number(values.concurrency));
  const files = positionals[0] === "-" ? [await stdinToFile()] : listFiles(positionals[0]);

  // First pass counts records so the progress line can show done/total.
  const batches: { file: string; offset: number; records: unknown[] }[] = [];
  let total = 0;
  for (const file of files) {
    let buf: unknown[] = [];
    let offset = 0;
    for await (const rec of readRecordsFromFile(file)) {
      buf.push(rec);
      total++;
      if (buf.length === batchSize) {
        batches.push({ file, offset, records: buf });
        offset += buf.length;
        buf = [];
      }
    }
    if (buf.length) batches.push({ file, offset, records: buf });
  }

  const sum = { accepted: 0, duplicates: 0, rejected: 0, retries: 0, done: 0 };
  const reasons = new Map<string, { count: number; example: string }>();
  const started = Date.now();
  const tty = process.stderr.isTTY;
  const progress = (final = false) => {
    const secs = (Date.now() - started) / 1000;
    const rate = sum.done / Math.max(secs, 0.001);
    const pct = total ? Math.floor((sum.done / total) * 100) : 100;
    const bar = "█".repeat(Math.floor(pct / 4)).padEnd(25, "░");
    const line = `${bar} ${pct}%  ${sum.done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} events  ${Math.round(rate).toLocaleString("en-US")} events/s`;
    if (tty) process.stderr.write(`\r${line}${final ? "\n" : ""}`);
    else if (final) process.stderr.write(`${line}\n`);
  };
  const timer = setInterval(progress, 200);
  let next = 0;
  const record = (b: (typeof batches)[number], out: BatchOutcome) => {
    sum.accepted += out.accepted;
    sum.duplicates += out.duplicates;
    sum.rejected += out.rejected.length;
    sum.retries += out.retries;
    sum.done += b.records.length;
    for (const r of out.rejected) {
      const k = `${r.field}: ${r.reason}`;
      const cur = reasons.get(k) ?? { count: 0, example: `${b.file}#${b.offset + r.index}` };
      cur.count++;
      reasons.set(k, cur);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const b = batches[next++];
        record(b, await sendBatch(b.records, { url: values.url!, key: values.key!, format: values.format }));
      }
    }));
  } catch (e) {
    if (e instanceof IngestClientError) throw new UsageError(e.message);
    throw e;
  } finally {
    clearInterval(timer);
    progress(true);
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`files: ${files.length}  events: ${total}  accepted: ${sum.accepted}  duplicates: ${sum.duplicates}  rejected: ${sum.rejected}  (${secs} s, ${sum.retries} retries)`);
  for (const [reason, { count, example }] of [...reasons].sort((a, b) => b[1].count - a[1].count).slice(0, 15)) {
    console.log(`  rejected ×${count}  ${reason}  (e.g. ${example})`);
  }
  if (sum.rejected && sum.accepted + sum.duplicates === 0) process.exitCode = 2;
});
