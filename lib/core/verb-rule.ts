// The rule every lib/<feature>/ module follows, as a checker the test suite runs over the tree
// (verb-rule.test.ts): the database is reached only through the handle a verb or query hands
// out, so every read and write passes a permission check first.
//   1. No import of the process-wide handles (lib/db/client: db(), pool()) and no Prisma raw or
//      model calls — except the ingest hot path listed below.
//   2. No runner() / withTransaction() of its own — except authentication (no actor exists yet)
//      and the ingest hot path, listed below with the reason.
//   3. An exported function that runs SQL either is a defineVerb / defineQuery (with a
//      permission) or takes a Runner from its caller (a helper of one).
import ts from "typescript";

/** Files allowed to bypass rules 1–2, and why. Keep this list short. */
export const EXCEPTIONS: Record<string, { rules: (1 | 2)[]; why: string }> = {
  "lib/ingest/ingest-batch.ts": { rules: [1], why: "ingest hot path: one pool per process, fold scheduled per pool (assertCan events:write first)" },
  "lib/ingest/persist.ts": { rules: [2], why: "ingest hot path: COPY in the one transaction helper" },
  "lib/ingest/rollup-fold.ts": { rules: [2], why: "derived data, no actor: the fold moves rollup deltas" },
  "lib/detections/fold.ts": { rules: [2], why: "derived data, no actor: the fold moves ingest's finding candidates into findings (as rollup-fold does deltas)" },
  "lib/analytics/usage-windows.ts": { rules: [2], why: "derived data: the heatmap's closed-day sums, recounted by a reader (its caller is a query)" },
  "lib/auth/session.ts": { rules: [2], why: "authentication: resolves the actor" },
  "lib/auth/verify-credentials.ts": { rules: [2], why: "authentication: sign-in precedes an actor" },
  "lib/ingest-keys/authenticate.ts": { rules: [2], why: "authentication: resolves the ingest-key actor" },
};

/** Folders that are the core itself, not features. */
export const CORE_DIRS = ["lib/db/", "lib/core/", "lib/test/"];

export type Violation = { file: string; rule: 1 | 2 | 3; detail: string };

const HANDLE_IMPORT = /from\s+["'](?:@\/lib\/db\/client|(?:\.\.?\/)+(?:db\/)?client)["']/;
const PRISMA_CALL = /\$queryRaw|\$executeRaw|\$transaction|\bdb\(\)\.|\bpool\(\)/;
const OWN_HANDLE = /\b(?:runner|withTransaction)\(/;
// A Runner call: .rows(…) / .one(…), or .exec(sql`…`) (a bare .exec( is usually RegExp#exec).
const SQL_USE = /\.(?:rows|one)\s*(?:<[^>]*>)?\(|\.exec\(\s*sql`/;

function exportedFunctions(file: string, text: string): { name: string; node: ts.Node; params: string[]; body: string }[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { name: string; node: ts.Node; params: string[]; body: string }[] = [];
  const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of src.statements) {
    if (!isExported(st)) continue;
    if (ts.isFunctionDeclaration(st) && st.name && st.body) {
      out.push({ name: st.name.text, node: st, params: st.parameters.map((p) => p.getText(src)), body: st.body.getText(src) });
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (!init || !ts.isIdentifier(d.name)) continue;
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
          out.push({ name: d.name.text, node: init, params: init.parameters.map((p) => p.getText(src)), body: init.body.getText(src) });
        } else if (ts.isCallExpression(init)) {
          out.push({ name: d.name.text, node: init, params: [], body: init.getText(src) });
        }
      }
    }
  }
  return out;
}

/** Definitions whose SQL runs only on the Runner a verb hands them (run-detectors.ts calls `run(tx, …)`). */
const GIVEN_A_RUNNER = ["defineScheduledDetector"];

function isVerbOrQuery(node: ts.Node): { ok: boolean; permission: boolean } {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return { ok: false, permission: false };
  if (GIVEN_A_RUNNER.includes(node.expression.text)) return { ok: true, permission: true };
  if (!["defineVerb", "defineQuery"].includes(node.expression.text)) return { ok: false, permission: false };
  const spec = node.arguments[0];
  const permission = !!spec && ts.isObjectLiteralExpression(spec) && spec.properties.some((p) => p.name?.getText() === "permission");
  return { ok: true, permission };
}

/** The violations of one source file (path relative to the repository root). */
export function checkModule(file: string, text: string): Violation[] {
  if (CORE_DIRS.some((d) => file.startsWith(d))) return [];
  const allowed = EXCEPTIONS[file]?.rules ?? [];
  const out: Violation[] = [];
  if (!allowed.includes(1)) {
    if (HANDLE_IMPORT.test(text)) out.push({ file, rule: 1, detail: "imports the process-wide database handles (lib/db/client)" });
    const m = PRISMA_CALL.exec(text);
    if (m) out.push({ file, rule: 1, detail: `reaches the database through ${m[0]}` });
  }
  if (!allowed.includes(2) && OWN_HANDLE.test(text)) {
    out.push({ file, rule: 2, detail: "opens its own database handle (runner()/withTransaction()); use defineVerb or defineQuery" });
  }
  for (const fn of exportedFunctions(file, text)) {
    const verb = isVerbOrQuery(fn.node);
    if (verb.ok) {
      if (!verb.permission) out.push({ file, rule: 3, detail: `${fn.name} is defined without a permission` });
      continue;
    }
    if (!SQL_USE.test(fn.body) || allowed.length) continue;
    if (!fn.params.some((p) => /\bRunner\b/.test(p))) {
      out.push({ file, rule: 3, detail: `${fn.name} runs SQL but is neither a defineVerb/defineQuery nor given a Runner by one` });
    }
  }
  return out;
}
