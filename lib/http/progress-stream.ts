// A long request's progress as NDJSON, for clients that ask for it (`Accept: application/x-ndjson`):
// one `{"type":"progress",…}` line per step, then `{"type":"result",…}` or `{"type":"error",
// "status":…,"problem":{…}}` (the problem+json body the request would have answered). The
// HTTP status is 200 once the stream starts; the outcome is in the last line.
import { textStream } from "../streams/text-stream";
import { toProblem } from "./problem";

export type Progress = (p: Record<string, unknown>) => void;

export function wantsProgress(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/x-ndjson");
}

export function progressResponse(run: (progress: Progress) => Promise<unknown>): Response {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const push = (line: object) => {
    queue.push(`${JSON.stringify(line)}\n`);
    wake?.();
  };
  void run((p) => push({ type: "progress", ...p }))
    .then((result) => push({ type: "result", result }))
    .catch(async (e: unknown) => {
      const res = toProblem(e);
      push({ type: "error", status: res.status, problem: await res.json() });
    })
    .finally(() => {
      finished = true;
      wake?.();
    });
  async function* lines(): AsyncGenerator<string> {
    for (;;) {
      if (queue.length) yield queue.splice(0).join("");
      else if (finished) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return new Response(textStream(lines()), {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
