import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Pages, routes and components reach data only through lib/ verbs and queries (which check the
// permission): never the database handles, the SQL runner or the Prisma client.
const noDatabaseInEdges = {
  patterns: [
    { group: ["@/lib/db/client", "@/lib/db/sql", "@/lib/db/generated/client", "**/lib/db/client", "**/lib/db/sql"], message: "Call a lib/<feature> verb or query instead (docs/architecture.md)." },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "node_modules/**", "lib/db/generated/**", ".data/**", "scratch/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", noDatabaseInEdges] },
  },
  {
    // lib/<feature>/ reaches PostgreSQL through the handle its verb or query is given; the full
    // rule (with its few documented exceptions) is lib/core/verb-rule.ts, run by the tests.
    files: ["lib/**/*.ts"],
    ignores: ["lib/db/**", "lib/core/**", "lib/test/**", "**/*.test.ts", "lib/ingest/ingest-batch.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/db/client", "@/lib/db/client"], message: "Use defineVerb/defineQuery (lib/core/verb.ts) and the Runner they pass (docs/architecture.md)." }] }],
    },
  },
]);
