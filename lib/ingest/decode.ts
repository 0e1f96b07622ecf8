// Decoding of ingest bodies and files into records (plain JSON values, not yet adapted or
// validated). Accepts gzip, a JSON array, {"events": [...]}, CloudTrail {"Records": [...]}, a single
// object, a Kubernetes EventList, NDJSON, and (files only) Apache Parquet. Errors are DecodeError with an HTTP status number.
import { readFile } from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { WardenError } from "../core/errors";

/** A body that cannot be read as records: `invalid` (400) or `too_large` (413). */
export class DecodeError extends WardenError {
  override name = "DecodeError";
  constructor(code: "invalid" | "too_large", message: string) {
    super(code, message);
  }
}

export interface DecodeOptions {
  contentType?: string;
  contentEncoding?: string;
  maxBytes: number;
  maxEvents: number;
}

const NDJSON_TYPES = /^application\/(x-)?(nd-?json|jsonl|jsonlines|json-lines)\b/i;
const DEFAULT_FILE_MAX_BYTES = 256 * 1024 * 1024; // decompressed; V8 strings top out near 512 MiB
const utf8 = new TextDecoder("utf-8", { fatal: true }); // strips a BOM; invalid UTF-8 is an error

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** gunzip with an output cap, so a gzip bomb costs at most `maxBytes` of memory and answers 413. */
export function gunzipCapped(buf: Buffer, maxBytes: number): Buffer {
  try {
    return zlib.gunzipSync(buf, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new DecodeError("too_large", `decompressed body exceeds the limit of ${maxBytes} bytes`);
    }
    throw new DecodeError("invalid", `body is not valid gzip data (${(e as Error).message.slice(0, 100)})`);
  }
}

function decodeUtf8(buf: Uint8Array): string {
  try {
    return utf8.decode(buf);
  } catch {
    throw new DecodeError("invalid", "body is not valid UTF-8 text");
  }
}

/** Decode a request body. Throws DecodeError (400 malformed, 413 over a limit). */
export function decodeBody(buf: Buffer, opts: DecodeOptions): { records: unknown[] } {
  if (buf.length > opts.maxBytes) {
    throw new DecodeError("too_large", `request body is ${buf.length} bytes; the limit is ${opts.maxBytes} bytes`);
  }
  const encoding = (opts.contentEncoding ?? "").trim().toLowerCase();
  if (encoding && encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip") {
    throw new DecodeError("invalid", `unsupported Content-Encoding "${encoding.slice(0, 40)}"; send gzip or uncompressed data`);
  }
  // Magic bytes too: some shippers gzip without saying so.
  const raw = encoding.endsWith("gzip") || isGzip(buf) ? gunzipCapped(buf, opts.maxBytes) : buf;
  const text = decodeUtf8(raw);
  if (!/\S/.test(text)) throw new DecodeError("invalid", "request body is empty");
  const ndjson = NDJSON_TYPES.test(opts.contentType ?? "");
  return decodeText(text, { maxEvents: opts.maxEvents, ndjson });
}

/** Parse JSON / NDJSON text into records; `ndjson` forces line mode, otherwise it is sniffed. */
export function decodeText(text: string, opts: { maxEvents?: number; ndjson?: boolean } = {}): { records: unknown[] } {
  const maxEvents = opts.maxEvents ?? Number.POSITIVE_INFINITY;
  if (opts.ndjson) return { records: parseNdjson(text, maxEvents) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // A body whose first line is a complete JSON value followed by more lines is NDJSON.
    if (firstLineIsJson(text)) return { records: parseNdjson(text, maxEvents) };
    if (!/\S/.test(text)) return { records: [] };
    throw new DecodeError("invalid", describeSyntaxError(text, e));
  }
  const records = unwrap(value);
  if (records.length > maxEvents) throw tooMany(records.length, maxEvents);
  return { records };
}

function tooMany(count: number | string, maxEvents: number): DecodeError {
  return new DecodeError("too_large", `batch has ${count} events; the limit is ${maxEvents} per request`);
}

/**
 * The records of a decoded document: array items, `events`, CloudTrail `Records`, a Kubernetes
 * audit webhook `EventList`'s `items`, or the object itself.
 */
function unwrap(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== "object" || value === null) {
    throw new DecodeError("invalid", `body must be a JSON array or object, got ${value === null ? "null" : typeof value}`);
  }
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.events)) return o.events;
  if (Array.isArray(o.Records)) return o.Records;
  if (o.kind === "EventList" && Array.isArray(o.items)) return o.items;
  return [value];
}

function firstLineIsJson(text: string): boolean {
  const start = text.search(/\S/);
  if (start < 0) return false;
  const nl = text.indexOf("\n", start);
  if (nl < 0 || !/\S/.test(text.slice(nl))) return false;
  try {
    JSON.parse(text.slice(start, nl));
    return true;
  } catch {
    return false;
  }
}

/** One JSON value per line; blank lines ignored; a broken line is a 400 naming its line number. */
function parseNdjson(text: string, maxEvents: number): unknown[] {
  const records: unknown[] = [];
  let lineNo = 0;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    lineNo++;
    pos = end + 1;
    if (!/\S/.test(line)) continue;
    if (records.length >= maxEvents) {
      const rest = text.slice(pos).split("\n").filter((l) => /\S/.test(l)).length; // error path only
      throw tooMany(records.length + 1 + rest, maxEvents);
    }
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      throw new DecodeError("invalid", `line ${lineNo} is not valid JSON: ${describeSyntaxError(line, e)}`);
    }
  }
  return records;
}


// ---- Syntax error location (error path only) ----------------------------------------------------
// V8's messages often lack a position ("Unexpected token '}', ... is not valid JSON"), so a small
// validating scanner finds the offset of the first error.

type Syntax = { offset: number; problem: string };
type State = "value" | "valueOrClose" | "key" | "keyOrClose" | "colon" | "after";

function describeSyntaxError(text: string, error: unknown): string {
  const found = findSyntaxError(text);
  if (!found) return `invalid JSON (${String((error as Error).message ?? error).slice(0, 120)})`;
  const before = text.slice(0, found.offset);
  const line = before.split("\n").length;
  const column = found.offset - before.lastIndexOf("\n");
  const near = JSON.stringify(text.slice(Math.max(0, found.offset - 20), found.offset + 20));
  return `invalid JSON at line ${line}, column ${column} (offset ${found.offset}): ${found.problem}, near ${near}`;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function unexpected(s: string, i: number, expected: string): Syntax {
  const c = s.charCodeAt(i);
  const what = i >= s.length ? "end of input" : c < 32 ? `U+${c.toString(16).padStart(4, "0")}` : `'${s[i]}'`;
  return { offset: i, problem: `unexpected ${what}; expected ${expected}` };
}

/** Offset of the first JSON syntax error in `s`, or null when it is valid. */
export function findSyntaxError(s: string): Syntax | null {
  const stack: number[] = []; // char codes of open '{' / '['
  let state: State = "value";
  let i = 0;
  for (;;) {
    while (i < s.length && isWs(s.charCodeAt(i))) i++;
    const top = stack[stack.length - 1];
    if (i >= s.length) return state === "after" && top === undefined ? null : unexpected(s, i, "more JSON");
    const c = s.charCodeAt(i);
    if ((state === "valueOrClose" && c === 93) || (state === "keyOrClose" && c === 125)) {
      stack.pop();
      i++;
      state = "after";
    } else if (state === "value" || state === "valueOrClose") {
      if (c === 123 || c === 91) {
        stack.push(c);
        i++;
        state = c === 123 ? "keyOrClose" : "valueOrClose";
        continue;
      }
      const end = scanScalar(s, i);
      if (typeof end !== "number") return end;
      [i, state] = [end, "after"];
    } else if (state === "key" || state === "keyOrClose") {
      if (c !== 34) return unexpected(s, i, "a property name in double quotes");
      const end = scanString(s, i);
      if (typeof end !== "number") return end;
      [i, state] = [end, "colon"];
    } else if (state === "colon") {
      if (c !== 58) return unexpected(s, i, "':'");
      [i, state] = [i + 1, "value"];
    } else if (top === undefined) {
      return unexpected(s, i, "the end of the input");
    } else if (c === 44) {
      [i, state] = [i + 1, top === 123 ? "key" : "value"];
    } else if (c === (top === 123 ? 125 : 93)) {
      stack.pop();
      i++;
    } else {
      return unexpected(s, i, top === 123 ? "',' or '}'" : "',' or ']'");
    }
  }
}

function scanScalar(s: string, i: number): number | Syntax {
  const c = s.charCodeAt(i);
  if (c === 34) return scanString(s, i);
  if (c === 45 || (c >= 48 && c <= 57)) return scanNumber(s, i);
  for (const literal of ["true", "false", "null"]) if (s.startsWith(literal, i)) return i + literal.length;
  return unexpected(s, i, "a value");
}

function scanString(s: string, i: number): number | Syntax {
  for (let j = i + 1; j < s.length; ) {
    const c = s.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c < 32) return { offset: j, problem: "unescaped control character in a string" };
    if (c !== 92) {
      j++;
    } else if ('"\\/bfnrt'.includes(s[j + 1] ?? "x")) {
      j += 2;
    } else if (s[j + 1] === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) {
      j += 6;
    } else {
      return { offset: j, problem: "invalid escape sequence in a string" };
    }
  }
  return { offset: i, problem: "unterminated string" };
}

function scanNumber(s: string, i: number): number | Syntax {
  const digitsFrom = (j: number) => {
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    return j;
  };
  let j = s[i] === "-" ? i + 1 : i;
  if (s[j] === "0") j++;
  else if (digitsFrom(j) === j) return unexpected(s, j, "a digit");
  else j = digitsFrom(j);
  if (s[j] === ".") {
    if (digitsFrom(j + 1) === j + 1) return unexpected(s, j + 1, "a digit after '.'");
    j = digitsFrom(j + 1);
  }
  if (s[j] === "e" || s[j] === "E") {
    const k = s[j + 1] === "+" || s[j + 1] === "-" ? j + 2 : j + 1;
    if (digitsFrom(k) === k) return unexpected(s, k, "a digit in the exponent");
    j = digitsFrom(k);
  }
  return j;
}

// ---- Files (bulk CLI) ---------------------------------------------------------------------------

/**
 * Records of a file: .json/.ndjson/.jsonl/.log (JSON, NDJSON, CloudTrail envelope; sniffed), gzip by
 * extension or magic bytes, and .parquet (rows as plain objects). Errors name the file.
 */
export async function* readRecordsFromFile(
  file: string,
  opts: { maxBytes?: number } = {},
): AsyncGenerator<unknown, void, undefined> {
  const maxBytes = opts.maxBytes ?? DEFAULT_FILE_MAX_BYTES;
  let records: unknown[];
  try {
    if (/\.parquet$/i.test(file)) {
      records = await readParquetRows(file);
    } else {
      const raw = await readFile(file);
      const buf = /\.gz$/i.test(file) || isGzip(raw) ? gunzipCapped(raw, maxBytes) : raw;
      if (buf.length > maxBytes) throw new DecodeError("too_large", `file is ${buf.length} bytes; the limit is ${maxBytes} bytes`);
      records = decodeText(decodeUtf8(buf), { ndjson: /\.(ndjson|jsonl)(\.gz)?$/i.test(file) }).records;
    }
  } catch (e) {
    if (e instanceof DecodeError) throw new DecodeError(e.code as "invalid" | "too_large", `${path.basename(file)}: ${e.message}`);
    throw e;
  }
  yield* records;
}

type ParquetNode = { element: { name: string; repetition_type?: string; converted_type?: string }; children: ParquetNode[] };

async function readParquetRows(file: string): Promise<unknown[]> {
  // Loaded lazily: only the bulk CLI reads Parquet, the API never does.
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import("hyparquet");
  const buf = await readFile(file);
  const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(data);
  const rows = await parquetReadObjects({ file: data, metadata, compressors: parquetCompressors() });
  const wrappers = legacyListWrappers(parquetSchema(metadata) as ParquetNode);
  return rows.map((row) => plainValue(row, wrappers));
}

// hyparquet decodes SNAPPY itself; Security Lake files also use GZIP (and ZSTD on newer Node).
// Each page declares its uncompressed size: it caps the output (no decompression bombs).
type Inflate = (b: Uint8Array, o: { maxOutputLength: number }) => Buffer;
function parquetCompressors() {
  const cap = (fn: Inflate) => (input: Uint8Array, size: number) =>
    new Uint8Array(fn(input, { maxOutputLength: Math.max(1, size) }));
  const zstd = (zlib as { zstdDecompressSync?: Inflate }).zstdDecompressSync;
  return {
    GZIP: cap(zlib.gunzipSync),
    BROTLI: cap(zlib.brotliDecompressSync),
    ...(zstd ? { ZSTD: cap(zstd) } : {}),
  };
}

/**
 * Names of the repeated groups of legacy two-level LISTs (parquet-mr's `array`): hyparquet returns
 * such a list of structs as { array: [...] }, which plainValue unwraps back to the array.
 */
function legacyListWrappers(node: ParquetNode, names = new Set<string>()): Set<string> {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  if (node.element.converted_type === "LIST" && only?.element.repetition_type === "REPEATED" && only.children.length > 1) {
    names.add(only.element.name);
  }
  for (const child of node.children) legacyListWrappers(child, names);
  return names;
}

/** Parquet values as JSON-like values: BigInt → number (string if unsafe), Date → ISO, bytes → base64. */
export function plainValue(v: unknown, listWrappers: ReadonlySet<string> = new Set()): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map((x) => plainValue(x, listWrappers));
  if (typeof v !== "object" || v === null) return v;
  const entries = Object.entries(v);
  if (entries.length === 1 && listWrappers.has(entries[0][0]) && Array.isArray(entries[0][1])) {
    return plainValue(entries[0][1], listWrappers);
  }
  return Object.fromEntries(entries.map(([k, x]) => [k, plainValue(x, listWrappers)]));
}
