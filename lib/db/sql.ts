// The one way lib/ reaches PostgreSQL: parameterised, composable `sql` fragments (Prisma.sql:
// `${value}` is always a bind parameter; fragments nest; `join`, `empty` and `raw` for the rest)
// run by a Runner over node-postgres, with typed rows.
//
// Why node-postgres under the fragments rather than Prisma's $queryRaw: one connection type
// serves the verbs and the ingest hot path, so a transaction can COPY, SET LOCAL, take advisory
// locks and use savepoints; there is no interactive-transaction timeout for long verbs
// (retention); and large reads skip a second row decoder. Prisma stays the schema of record
// (schema.prisma, checked against the migrations by a test) and generates the enum types.
import pg from "pg";
import { Prisma } from "./generated/client";
import { pool } from "./client";

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;
export const raw = Prisma.raw;

// Counts and sums arrive as numbers (int8, numeric), not strings; calendar dates as UTC midnight.
// Every figure Warden reads fits a double; exact large values are never summed in SQL.
const NUMBER_OIDS = new Set([20, 1700]);
const DATE_OID = 1082;
const parseNumber = (s: string) => Number(s);
const parseDate = (s: string) => new Date(`${s}T00:00:00Z`);

type TypeParser = (value: string) => unknown;
const TYPES = {
  getTypeParser: (oid: number, format?: string): TypeParser => {
    if (format !== "binary" && NUMBER_OIDS.has(oid)) return parseNumber;
    if (format !== "binary" && oid === DATE_OID) return parseDate;
    return pg.types.getTypeParser(oid, (format ?? "text") as "text") as TypeParser;
  },
};

type Queryable = pg.Pool | pg.PoolClient;

export class Runner {
  constructor(
    /** The node-postgres pool or (in a transaction) client: for COPY streams on documented hot paths only. */
    readonly pg: Queryable,
    readonly inTransaction: boolean,
  ) {}

  async rows<T extends object>(q: Sql): Promise<T[]> {
    const res = await this.pg.query<T>({ text: q.text, values: q.values as unknown[], types: TYPES });
    return res.rows;
  }

  async one<T extends object>(q: Sql): Promise<T | undefined> {
    return (await this.rows<T>(q))[0];
  }

  /** Runs a statement; returns the number of rows it touched. */
  async exec(q: Sql): Promise<number> {
    const res = await this.pg.query({ text: q.text, values: q.values as unknown[] });
    return res.rowCount ?? 0;
  }
}

export type DbContext = { tx?: Runner };

/** The caller's transaction when it has one, otherwise the shared pool. */
export function runner(ctx?: DbContext): Runner {
  return ctx?.tx ?? new Runner(pool(), false);
}

export type TransactionOptions = {
  /** `SET LOCAL` settings for this transaction only, e.g. `{ lock_timeout: "200ms" }`. */
  settings?: Record<string, string>;
  /** Redo the whole transaction on deadlock / serialization failure, up to this many attempts. */
  attempts?: number;
  /** The pool to use (a CLI or bench with its own pool); defaults to the process's pool. */
  pool?: pg.Pool;
};

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock, serialization failure: safe to redo whole
const SETTING_NAME = /^[a-z_][a-z0-9_.]*$/;

/**
 * Runs `fn` in one transaction: COMMIT when it returns, ROLLBACK when it throws. Inside a caller's
 * transaction (`ctx.tx`) it simply joins it. A connection that failed is discarded rather than
 * returned to the pool, since it may be broken.
 */
export async function withTransaction<T>(ctx: DbContext | undefined, fn: (tx: Runner) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  if (ctx?.tx) return fn(ctx.tx);
  const p = opts.pool ?? pool();
  for (let attempt = 1; ; attempt++) {
    const client = await p.connect();
    let failed = false;
    try {
      await client.query("BEGIN");
      for (const [name, value] of Object.entries(opts.settings ?? {})) {
        if (!SETTING_NAME.test(name)) throw new Error(`invalid setting name ${name}`);
        await client.query("SELECT set_config($1, $2, true)", [name, value]);
      }
      const result = await fn(new Runner(client, true));
      await client.query("COMMIT");
      return result;
    } catch (e) {
      failed = true;
      await client.query("ROLLBACK").catch(() => {});
      const code = (e as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < (opts.attempts ?? 1)) continue;
      throw e;
    } finally {
      client.release(failed);
    }
  }
}
