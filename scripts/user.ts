// `npm run user -- create <email> <role> [--name N]` and `npm run user -- reset-password <email>`:
// account administration from the machine Warden runs on; the password is generated and printed once.
import { parseArgs } from "node:util";
import { generatePassword } from "../lib/auth/password";
import { createUser } from "../lib/users/create-user";
import { resetPassword } from "../lib/users/reset-password";
import { run, UsageError } from "./lib/cli";
import { cliActor, withDatabase } from "./lib/with-db";

const USAGE = "usage: user create <email> <admin|reviewer|viewer|auditor> [--name <name>] | user reset-password <email>";

await run(async () => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: "string" } } });
  const [verb, email, role] = positionals;
  if (!email || (verb === "create" && !role) || !["create", "reset-password"].includes(verb)) throw new UsageError(USAGE);
  await withDatabase(async () => {
    const ctx = { actor: cliActor() };
    if (verb === "create") {
      const password = generatePassword();
      const u = await createUser(ctx, { email, role: role as "viewer", name: values.name ?? email, password });
      console.log(`created ${u.email} (${u.role}) with password ${password}`);
    } else {
      console.log(`new password for ${email}: ${await resetPassword(ctx, { email })}`);
    }
  });
});
