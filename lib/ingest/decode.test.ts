import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { manifest, samplesDir } from "./adapters/test-samples";
import { DecodeError, decodeBody, decodeText, findSyntaxError, readRecordsFromFile } from "./decode";

const limits = { maxBytes: 1024 * 1024, maxEvents: 5 };
const body = (s: string) => Buffer.from(s, "utf8");

function decodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error("expected a DecodeError");
}

async function collect(file: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of readRecordsFromFile(file)) out.push(r);
  return out;
}

describe("decodeBody: shapes", () => {
  it.each([
    ["a JSON array", '[{"a":1},{"a":2}]', 2],
    ['{"events": [...]}', '{"events":[{"a":1},{"a":2},{"a":3}]}', 3],
    ['CloudTrail {"Records": [...]}', '{"Records":[{"eventID":"x"}]}', 1],
    ["a Kubernetes EventList", '{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"auditID":"a"},{"auditID":"b"}]}', 2],
    ["a single object", '{"eventId":"x","events":"not an array"}', 1],
    ["NDJSON with blank lines and CRLF", '{"a":1}\r\n\r\n{"a":2}\n  \n{"a":3}\n', 3],
    ["a BOM-prefixed array", '\ufeff[{"a":1}]', 1],
  ])("decodes %s", (_name, text, count) => {
    expect(decodeBody(body(text), limits).records).toHaveLength(count);
  });

  it("uses line mode when the content type says NDJSON, even for a single line", () => {
    const { records } = decodeBody(body('[1,2]\n{"a":1}'), { ...limits, contentType: "application/x-ndjson; charset=utf-8" });
    expect(records).toEqual([[1, 2], { a: 1 }]);
  });

  it("decompresses gzip announced by Content-Encoding or recognised by its magic bytes", () => {
    const gz = zlib.gzipSync(body('[{"a":1},{"a":2}]'));
    expect(decodeBody(gz, { ...limits, contentEncoding: "gzip" }).records).toHaveLength(2);
    expect(decodeBody(gz, limits).records).toHaveLength(2);
  });
});

describe("decodeBody: malformed input is a 400 that says where", () => {
  it("reports line, column and offset of broken JSON", () => {
    const e = decodeError(() => decodeBody(body('{\n  "eventId": "x",\n  "identity": }\n'), limits));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^invalid JSON at line 3, column 15 \(offset 34\): unexpected '\}'; expected a value/);
  });

  it.each([
    ['[{"a":1},]', "line 1, column 10"],
    ['{"a":1', "unexpected end of input"],
    ['{"a" 1}', "expected ':'"],
    ["{'a':1}", "a property name in double quotes"],
    ['{"a":tru}', "expected a value"],
    ['{"a":"x\u0001"}', "unescaped control character"],
  ])("%j", (text, expected) => {
    const e = decodeError(() => decodeBody(body(text), limits));
    expect(e.status).toBe(400);
    expect(e.message).toContain(expected);
  });

  it("names the broken NDJSON line", () => {
    const e = decodeError(() => decodeBody(body('{"a":1}\n{"a":2}\n\n{"a":3,}\n{"a":4}'), limits));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/^line 4 is not valid JSON: invalid JSON at line 1, column 8/);
  });

  it.each([
    ["an empty body", "", "request body is empty"],
    ["a bare number", "42", "body must be a JSON array or object, got number"],
  ])("rejects %s", (_name, text, message) => {
    const e = decodeError(() => decodeBody(body(text), limits));
    expect([e.status, e.message]).toEqual([400, message]);
  });

  it("rejects invalid UTF-8, bad gzip and unknown encodings", () => {
    expect(decodeError(() => decodeBody(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), limits)).message).toBe("body is not valid UTF-8 text");
    expect(decodeError(() => decodeBody(body("[]"), { ...limits, contentEncoding: "gzip" })).message).toMatch(/not valid gzip/);
    expect(decodeError(() => decodeBody(body("[]"), { ...limits, contentEncoding: "br" })).message).toMatch(/unsupported Content-Encoding "br"/);
  });

  it("finds exactly the errors JSON.parse finds", () => {
    const corpus = ['{"a":[1,2,{"b":null}],"c":"\\u00e9\\n"}', "-0.5e+10", '"x"', "[]", "{}", "[1,]", "01", "1.", "-", '"\\x"', '{"a":1}}', "[1 2]", "nul", '{"a":1,}', "  true  ", '["\\ud800"]'];
    for (const text of corpus) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findSyntaxError(text) === null, text).toBe(valid);
    }
  });
});

describe("decodeBody: limits are 413s that state the limit", () => {
  it("refuses more events than allowed (array and NDJSON)", () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ i }));
    const e1 = decodeError(() => decodeBody(body(JSON.stringify(six)), limits));
    expect([e1.status, e1.message]).toEqual([413, "batch has 6 events; the limit is 5 per request"]);
    const e2 = decodeError(() => decodeBody(body(`${six.map((x) => JSON.stringify(x)).join("\n")}\n\n`), limits));
    expect([e2.status, e2.message]).toEqual([413, "batch has 6 events; the limit is 5 per request"]);
  });

  it("refuses an oversized body", () => {
    const e = decodeError(() => decodeBody(Buffer.alloc(2048, 0x20), { ...limits, maxBytes: 1024 }));
    expect([e.status, e.message]).toEqual([413, "request body is 2048 bytes; the limit is 1024 bytes"]);
  });

  it("stops a gzip bomb at the decompressed-size limit", () => {
    const bomb = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)); // ~16 KiB on the wire
    expect(bomb.length).toBeLessThan(limits.maxBytes);
    const e = decodeError(() => decodeBody(bomb, { ...limits, contentEncoding: "gzip" }));
    expect([e.status, e.message]).toEqual([413, `decompressed body exceeds the limit of ${limits.maxBytes} bytes`]);
  });
});

describe("decodeText", () => {
  it("sniffs NDJSON when the first line is a complete value", () => {
    expect(decodeText('{"a":1}\n{"a":2}').records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(decodeText("  \n").records).toEqual([]);
  });
});

describe("readRecordsFromFile", () => {
  it("yields the README's event count for every sample file (JSON, NDJSON, pretty-printed, Parquet)", async () => {
    const rows = [...manifest().values()];
    expect(rows.length).toBeGreaterThan(150);
    for (const row of rows) {
      const records = await collect(path.join(samplesDir(), row.file));
      expect(records.length, row.file).toBe(row.events);
    }
  });

  it("turns Parquet rows into plain JSON (numbers, arrays, no BigInt)", async () => {
    const [row] = await collect(path.join(samplesDir(), "ocsf/aws-security-lake-ocsf-validation/eks-1.1.0/eks-api-activity.ocsf.parquet"));
    const r = row as Record<string, unknown>;
    expect(r.time).toBe(1631047050642);
    expect(r.class_uid).toBe(6003);
    expect(Array.isArray(r.resources)).toBe(true); // legacy two-level LIST unwrapped
    expect(() => JSON.stringify(row)).not.toThrow();
  });

  it("reads gzip files by extension or magic bytes and names the file in errors", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-decode-"));
    const ndjson = '{"a":1}\n{"a":2}\n';
    writeFileSync(path.join(dir, "events.ndjson.gz"), zlib.gzipSync(ndjson));
    writeFileSync(path.join(dir, "events.json"), zlib.gzipSync(ndjson));
    writeFileSync(path.join(dir, "broken.log"), '{"a":1}\n{"a":\n');
    expect(await collect(path.join(dir, "events.ndjson.gz"))).toHaveLength(2);
    expect(await collect(path.join(dir, "events.json"))).toHaveLength(2);
    await expect(collect(path.join(dir, "broken.log"))).rejects.toThrow(/^broken\.log: line 2 is not valid JSON/);
  });
});
