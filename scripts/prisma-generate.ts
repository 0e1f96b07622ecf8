// Generates the Prisma client offline. Prisma 7's CLI fetches a schema-engine binary before every
// command, even `generate`, which never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// executable skips the download (see ../shared/ENVIRONMENT.md).
import { spawnSync } from "node:child_process";

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const res = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
if (res.status !== 0) {
  console.error("warden: `prisma generate` failed (see above)");
  process.exit(res.status ?? 1);
}
