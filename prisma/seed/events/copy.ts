// Streams the generated chunks into audit_events with COPY (text format), one daily partition at a
// time. COPY … FREEZE into the partition (emptied in this transaction, so FREEZE is allowed)
// writes rows already frozen and all-visible: no hint-bit rewrite — with checksums on, a full-page
// WAL image per page — on the first read, ANALYZE or vacuum afterwards. pipeline() applies
// backpressure, so memory stays at about one hour of events whatever the total.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DAY_MS } from "./rhythm";
import { COPY_COLUMNS } from "./row";
import type { Chunk } from "./generate";

const COLUMNS = COPY_COLUMNS.join(", ");

/**
 * The daily partitions covering [from, to], named as warden_ensure_event_partitions() names them,
 * emptied in this transaction (they are empty already: guard / reset) so that FREEZE is legal.
 */
async function preparePartitions(client: pg.PoolClient, from: number, to: number): Promise<Map<number, string>> {
  const days: number[] = [];
  for (let d = Math.floor(from / DAY_MS) * DAY_MS; d <= to; d += DAY_MS) days.push(d);
  const { rows } = await client.query<{ day: number; name: string }>(
    `SELECT d.day::float8 AS day, c.relname AS name
       FROM unnest($1::float8[]) AS d(day)
       JOIN pg_class c ON c.relname = 'audit_events_p' || to_char(to_timestamp(d.day / 1000) AT TIME ZONE 'UTC', 'YYYYMMDD')
       JOIN pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = 'audit_events'::regclass`,
    [days],
  );
  const byDay = new Map(rows.map((r) => [Number(r.day), r.name]));
  if (byDay.size) await client.query(`TRUNCATE ${[...byDay.values()].map((n) => client.escapeIdentifier(n)).join(", ")}`);
  return byDay;
}

export async function copyEvents(client: pg.PoolClient, chunks: Iterable<Chunk>, from: number, to: number): Promise<number> {
  const partitions = await preparePartitions(client, from, to);
  const it = chunks[Symbol.iterator]();
  let next = it.next();
  let rows = 0;
  while (!next.done) {
    const day = next.value.day;
    const partition = partitions.get(day);
    // A day without its partition (renamed scheme?) falls back to routing through the parent.
    const sql = partition
      ? `COPY ${client.escapeIdentifier(partition)} (${COLUMNS}) FROM STDIN WITH (FREEZE)`
      : `COPY audit_events (${COLUMNS}) FROM STDIN`;
    // Between chunks, yield to the event loop so the socket flushes while the next chunk is
    // generated; the large buffer lets PostgreSQL parse one chunk while node builds the next.
    const sameDay = async function* (): AsyncGenerator<Buffer> {
      while (!next.done && (next.value.day === day || !partition)) {
        yield next.value.data;
        await new Promise<void>((resolve) => setImmediate(resolve));
        next = it.next();
      }
    };
    const stream = client.query(copyFrom(sql, { highWaterMark: 8 * 1024 * 1024 }));
    await pipeline(Readable.from(sameDay()), stream);
    rows += stream.rowCount;
  }
  return rows;
}
