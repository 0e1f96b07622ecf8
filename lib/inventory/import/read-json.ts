// Streams the items at some JSON paths out of a file (`$.RoleDetailList.*`, `$.items.*`): one
// item at a time is in memory, never the whole document. A syntax error is refused with the line
// and column and the last item read before it.
import { TokenParser, Tokenizer } from "@streamparser/json";
import type { FileReader } from "./file-reader";

export type JsonItem = { path: string; section: string; value: unknown };

function pathOf(stack: readonly { key?: string | number }[], key: string | number | undefined): string {
  let out = "$";
  for (const k of [...stack.slice(1).map((s) => s.key), key]) {
    if (k === undefined) continue;
    out += typeof k === "number" ? `[${k}]` : /^[A-Za-z_]\w*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** Items at `paths` (JSONPath subset: `$.a.*`, `$.*`), in file order; `section` is the path's first key. */
export async function* jsonItems(reader: FileReader, paths: string[]): AsyncGenerator<JsonItem> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths, keepStack: false });
  const ready: JsonItem[] = [];
  let offset = 0;
  let last = "the start of the file";
  tokenizer.onToken = (t) => {
    offset = t.offset;
    parser.write(t);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end(); // refuses a document cut short
  };
  parser.onValue = ({ value, key, stack }) => {
    last = pathOf(stack, key);
    ready.push({ path: last, section: String(stack[1]?.key ?? key ?? ""), value });
  };
  const fail = (e: unknown): never => {
    const message = e instanceof Error ? e.message.replace(/ at chunk position.*?\)/, "") : String(e);
    throw reader.error(`${reader.position(offset)} (after ${last})`, `not valid JSON: ${message}`);
  };
  for await (const chunk of reader.chunks()) {
    try {
      tokenizer.write(chunk);
    } catch (e) {
      fail(e);
    }
    yield* ready.splice(0);
  }
  try {
    tokenizer.end();
  } catch (e) {
    fail(e);
  }
  yield* ready.splice(0);
}
