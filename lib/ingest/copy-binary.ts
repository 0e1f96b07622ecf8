// Rows for `COPY … (FORMAT binary)`, written straight into one growing buffer. Ingest sends every
// event this way: PostgreSQL reads timestamps and uuids as numbers and bytes instead of parsing
// their text (~2.5 µs less backend CPU per event here), nothing needs escaping, and no per-event
// line string is built and thrown away. Only the types audit events use are covered.
// Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 4_294_967_296;

// Hex digit values by char code (-1: not a hex digit), for uuid text → 16 bytes.
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX["0123456789abcdef".charCodeAt(i)] = i;
  HEX["0123456789ABCDEF".charCodeAt(i)] = i;
}

export class CopyBinaryWriter {
  private buf: Buffer;
  private at = 0;

  constructor(sizeHint = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(sizeHint, 64));
    SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags: no OIDs
    this.buf.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  /** Starts a row of `fields` values; exactly that many value calls must follow. */
  row(fields: number): void {
    this.room(2);
    this.at = this.buf.writeInt16BE(fields, this.at);
  }

  null(): void {
    this.room(4);
    this.at = this.buf.writeInt32BE(-1, this.at);
  }

  /** text, and enums (which take their label). Absent and "" are NULL: no stored text is empty. */
  text(v: string | undefined | null): void {
    if (!v) return this.null();
    const len = v.length;
    this.room(4 + len * 3); // UTF-16 code unit → at most 3 bytes of UTF-8
    const buf = this.buf;
    const start = this.at + 4;
    // Most values are short ASCII: copying their char codes here costs less than a call into
    // Buffer#write per field, which was the writer's largest cost in a profile.
    if (len <= 64) {
      let i = 0;
      for (; i < len; i++) {
        const c = v.charCodeAt(i);
        if (c > 0x7f) break;
        buf[start + i] = c;
      }
      if (i === len) {
        this.length(len);
        this.at = start + len;
        return;
      }
    }
    const n = buf.write(v, start, "utf8");
    this.length(n);
    this.at = start + n;
  }

  /** A value's int32 length at the write position. */
  private length(n: number): void {
    const buf = this.buf;
    const at = this.at;
    buf[at] = n >>> 24;
    buf[at + 1] = (n >>> 16) & 0xff;
    buf[at + 2] = (n >>> 8) & 0xff;
    buf[at + 3] = n & 0xff;
  }

  /** jsonb from its JSON text: a version byte, then the text. */
  jsonb(json: string | undefined): void {
    if (json === undefined) return this.null();
    this.room(5 + json.length * 3);
    this.buf[this.at + 4] = 1;
    const n = this.buf.write(json, this.at + 5, "utf8");
    this.buf.writeInt32BE(n + 1, this.at);
    this.at += 5 + n;
  }

  /** timestamptz from epoch milliseconds: microseconds since 2000-01-01 UTC as an int8. */
  timestamp(ms: number): void {
    if (!Number.isSafeInteger(ms)) throw new RangeError(`not a timestamp in milliseconds: ${ms}`);
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    const us = (ms - PG_EPOCH_MS) * 1000;
    if (Number.isSafeInteger(us)) {
      const hi = Math.floor(us / TWO_32);
      this.buf.writeInt32BE(hi, this.at + 4);
      this.buf.writeUInt32BE(us - hi * TWO_32, this.at + 8);
    } else {
      // Beyond ±285 years of 2000 microseconds outgrow a double's integers.
      this.buf.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n, this.at + 4);
    }
    this.at += 12;
  }

  uuid(v: string | null | undefined): void {
    if (!v) return this.null();
    this.room(20);
    this.buf.writeInt32BE(16, this.at);
    let out = this.at + 4;
    let hi = -1;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c === 45 && (i === 8 || i === 13 || i === 18 || i === 23)) continue; // '-'
      const d = c < 128 ? HEX[c] : -1;
      if (d < 0 || out === this.at + 20) throw new TypeError(`not a uuid: ${JSON.stringify(v.slice(0, 40))}`);
      if (hi < 0) hi = d;
      else {
        this.buf[out++] = (hi << 4) | d;
        hi = -1;
      }
    }
    if (out !== this.at + 20 || hi >= 0) throw new TypeError(`not a uuid: ${JSON.stringify(v.slice(0, 40))}`);
    this.at = out;
  }

  int4(v: number | undefined): void {
    if (v === undefined) return this.null();
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeInt32BE(v, this.at + 4);
  }

  bool(v: boolean | null): void {
    if (v === null) return this.null();
    this.room(5);
    this.buf.writeInt32BE(1, this.at);
    this.buf[this.at + 4] = v ? 1 : 0;
    this.at += 5;
  }

  /** The bytes written so far (the first time, with the header); the writer goes on empty. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.at = 0;
    return out;
  }

  /** The rest of the COPY data, with the trailer (all of it, header first, when nothing was taken). */
  finish(): Buffer {
    this.room(2);
    this.at = this.buf.writeInt16BE(-1, this.at);
    return this.buf.subarray(0, this.at);
  }
}
