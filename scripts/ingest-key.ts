// `npm run --silent ingest-key -- create <name> [--source <s>]… [--scope events|inventory]…` prints
// only the new key on stdout (scope: what the key may do; events by default).
// `npm run ingest-key -- revoke <name>` and `… list` manage the others.
import { parseArgs } from "node:util";
import type { KeyScope } from "../lib/auth/roles";
import { createIngestKey } from "../lib/ingest-keys/create-key";
import { listIngestKeys } from "../lib/ingest-keys/list-keys";
import { revokeIngestKey } from "../lib/ingest-keys/revoke-key";
import { run, UsageError } from "./lib/cli";
import { cliActor, withDatabase } from "./lib/with-db";

const USAGE = "usage: ingest-key create <name> [--source <source>]… [--scope events|inventory]… | revoke <name> | list";

await run(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { source: { type: "string", multiple: true }, scope: { type: "string", multiple: true } },
  });
  const [verb, name] = positionals;
  if (!verb || (verb !== "list" && !name)) throw new UsageError(USAGE);
  await withDatabase(async () => {
    const ctx = { actor: cliActor() };
    if (verb === "create") {
      const { key } = await createIngestKey(ctx, { name, allowedSources: values.source ?? [], scopes: (values.scope ?? ["events"]) as KeyScope[] });
      process.stdout.write(`${key}\n`);
      console.error(`warden: created ingest key "${name}" — store it now, it is not shown again`);
    } else if (verb === "revoke") {
      await revokeIngestKey(ctx, { name });
      console.error(`warden: revoked ingest key "${name}"`);
    } else if (verb === "list") {
      for (const k of await listIngestKeys(ctx)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : "never";
        console.log(`${k.name}\t${k.keyPrefix}…\t${state}\tlast used ${used}\tsources: ${k.allowedSources.join(",") || "any"}\tmay: ${k.scopes.join(",")}`);
      }
    } else throw new UsageError(USAGE);
  });
});
