// Sends an import to POST /api/v1/inventory/import from the browser with XMLHttpRequest, because
// fetch reports no upload progress: the upload's bytes, then the server's NDJSON progress lines
// (reading, planning, writing…) as they arrive, then the outcome or the problem.
import type { ImportOutcome } from "@/lib/inventory/import/import-inventory";

export type Problem = { status: number; detail: string; code?: string; field?: string; file?: string; path?: string; reason?: string };
export type ImportProgressEvent =
  | { kind: "upload"; sent: number; total: number }
  | { kind: "server"; phase: string; step?: string; file?: string };

export function postImport(query: URLSearchParams, files: File[], onProgress: (p: ImportProgressEvent) => void): Promise<ImportOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const body = new FormData();
    for (const f of files) body.append("file", f, f.name);
    let seen = 0;
    let outcome: { type: string; result?: ImportOutcome; status?: number; problem?: Problem } | undefined;
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf("\n") + 1;
      for (const line of text.slice(seen, end).split("\n").filter(Boolean)) {
        const msg = JSON.parse(line) as { type: string; phase?: string; step?: string; file?: string };
        if (msg.type === "progress") onProgress({ kind: "server", phase: msg.phase ?? "", step: msg.step, file: msg.file });
        else outcome = msg;
      }
      seen = end;
    };
    xhr.open("POST", `/api/v1/inventory/import?${query}`);
    xhr.setRequestHeader("accept", "application/x-ndjson");
    xhr.upload.onprogress = (e) => onProgress({ kind: "upload", sent: e.loaded, total: e.total });
    xhr.onprogress = readLines;
    xhr.onerror = () => reject({ status: 0, detail: "The connection to Warden failed; nothing was imported. Check your network and try again." } satisfies Problem);
    xhr.onload = () => {
      if (!(xhr.getResponseHeader("content-type") ?? "").includes("ndjson")) {
        // Refused before the import started (auth, permission, query): a problem+json body.
        let problem: Problem = { status: xhr.status, detail: `Warden answered ${xhr.status}` };
        try {
          problem = { ...problem, ...(JSON.parse(xhr.responseText) as Problem) };
        } catch {
          // not JSON: keep the status line
        }
        return reject(problem);
      }
      readLines();
      if (outcome?.type === "result" && outcome.result) resolve(outcome.result);
      else reject(outcome?.problem ? { ...outcome.problem, status: outcome.status ?? 500 } : { status: 500, detail: "The import ended without an answer; nothing was written." });
    };
    xhr.send(body);
  });
}
