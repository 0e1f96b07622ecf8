// `npm run db:migrate`: applies pending SQL migrations to DATABASE_URL (or the embedded cluster).
import { openDatabase } from "../lib/db/runtime";
import { run } from "./lib/cli";

await run(async () => {
  const dbh = await openDatabase({ log: (m) => console.log(m) });
  console.log("database schema is up to date");
  await dbh.close();
});
