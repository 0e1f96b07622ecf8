// One uploaded or local file, read once as a stream: its SHA-256 and size are computed as the
// bytes go by (provenance), the first bytes can be looked at before parsing (format detection),
// and a byte offset can be turned into a line number for error messages. Nothing keeps the
// whole file in memory.
import { createHash } from "node:crypto";
import { WardenError } from "../../core/errors";
import type { FileInfo } from "./types";

export type ImportFile = { name: string; stream: AsyncIterable<Uint8Array> };

const NEWLINE = 0x0a;

export class FileReader {
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private first: Buffer | undefined;
  private iterator: AsyncIterator<Uint8Array> | undefined;
  private lines = 0;
  /** The last chunks read, with where they start: a parser's error lies in one of them. */
  private recent: { start: number; linesBefore: number; buf: Buffer }[] = [];
  format = "unknown";

  constructor(readonly file: ImportFile) {}

  get name(): string {
    return this.file.name;
  }

  private async pull(): Promise<Buffer | undefined> {
    this.iterator ??= this.file.stream[Symbol.asyncIterator]();
    const { done, value } = await this.iterator.next();
    if (done) return undefined;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value);
    this.hash.update(chunk);
    this.recent.push({ start: this.bytes, linesBefore: this.lines, buf: chunk });
    if (this.recent.length > 2) this.recent.shift();
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) this.lines++;
    this.bytes += chunk.length;
    return chunk;
  }

  /** The first bytes (up to `n`), decoded as UTF-8, without consuming them. */
  async peek(n = 4096): Promise<string> {
    this.first ??= (await this.pull()) ?? Buffer.alloc(0);
    return this.first.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "");
  }

  async *chunks(): AsyncGenerator<Buffer> {
    if (this.first === undefined) this.first = await this.pull();
    if (this.first?.length) yield this.first;
    for (let c = await this.pull(); c; c = await this.pull()) yield c;
  }

  /** Reads whatever is left (after a parser stopped early), so the hash covers the whole file. */
  async drain(): Promise<void> {
    if (this.first === undefined) await this.peek();
    while (await this.pull());
  }

  /** "line L, column C" of a byte offset among the last bytes read, else "byte N". */
  position(offset: number): string {
    const c = this.recent.find((r) => offset >= r.start && offset < r.start + r.buf.length);
    if (!c) return `byte ${offset + 1}`;
    const within = c.buf.subarray(0, offset - c.start);
    let lines = c.linesBefore;
    for (let i = within.indexOf(NEWLINE); i !== -1; i = within.indexOf(NEWLINE, i + 1)) lines++;
    const lineStart = within.lastIndexOf(NEWLINE) + 1;
    return `line ${lines + 1}, column ${within.length - lineStart + 1}`;
  }

  info(): FileInfo {
    return { name: this.name, bytes: this.bytes, sha256: this.hash.copy().digest("hex"), format: this.format };
  }

  /** A refusal naming this file, the place inside it and the reason; nothing is written. */
  error(where: string, reason: string): WardenError {
    return fileError(this.name, where, reason);
  }
}

export function fileError(file: string, where: string, reason: string): WardenError {
  return new WardenError("invalid", `${file}: ${where}: ${reason}`, { field: "file", extra: { file, path: where, reason } });
}
