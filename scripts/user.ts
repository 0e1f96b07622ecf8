// `npm run user -- create <email> <role> [--name N]` and `npm run user -- reset-password <email>`:
// account administration from the machine Warden runs on; the password is generated and printed once.
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { db } from "../lib/db/client";
import { generatePassword } from "../lib/auth/password";
import { createUser, resetPassword, UnknownUserError } from "../lib/users/users";
import { run, UsageError } from "./lib/cli";
import { cliActor, withDatabase } from "./lib/with-db";

const USAGE = "usage: user create <email> <admin|reviewer|viewer|auditor> [--name <name>] | user reset-password <email>";

await run(async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: "string" } } });
  const [verb, email, role] = positionals;
  if (!email || (verb === "create" && !role) || !["create", "reset-password"].includes(verb)) throw new UsageError(USAGE);
  await withDatabase(async () => {
    try {
      if (verb === "create") {
        const password = generatePassword();
        const u = await createUser(db(), cliActor(), { email, role: role as "viewer", name: values.name ?? email, password });
        console.log(`created ${u.email} (${u.role}) with password ${password}`);
      } else {
        console.log(`new password for ${email}: ${await resetPassword(db(), cliActor(), email)}`);
      }
    } catch (e) {
      if (e instanceof UnknownUserError) throw new UsageError(e.message);
      if (e instanceof ZodError) throw new UsageError(e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      if ((e as { code?: string }).code === "P2002") throw new UsageError(`an account with email ${email} already exists`);
      throw e;
    }
  });
});
