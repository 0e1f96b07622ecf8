// The one place that reads process.env: every setting is validated here so that a bad value
// fails at start with one clear line instead of deep inside a request.
import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a URL like postgresql://user:password@host:5432/database");

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

export const WardenEnv = z.object({
  DATABASE_URL: optionalNonEmpty.pipe(postgresUrl.optional()),
  PORT: z.coerce
    .number({ error: "must be a port number between 1 and 65535" })
    .int("must be a port number between 1 and 65535")
    .min(1, "must be a port number between 1 and 65535")
    .max(65535, "must be a port number between 1 and 65535")
    .default(3000),
  WARDEN_DATA_DIR: z.string().default(".data"),
  NEXTAUTH_SECRET: optionalNonEmpty,
  NEXTAUTH_URL: optionalNonEmpty,
  WARDEN_ADMIN_EMAIL: optionalNonEmpty.pipe(z.email("must be an email address").optional()),
  WARDEN_ADMIN_PASSWORD: optionalNonEmpty.pipe(
    z.string().min(12, "must be at least 12 characters").optional(),
  ),
  WARDEN_INGEST_MAX_EVENTS: z.coerce.number().int().positive().default(5000),
  WARDEN_INGEST_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  WARDEN_INGEST_MAX_CONCURRENCY: z.coerce.number().int().positive().default(8),
  WARDEN_IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  /** Comma-separated tag / label keys that name an identity's owner / team in imports (defaults in lib/inventory/import/owner-tags.ts). */
  WARDEN_IMPORT_OWNER_KEYS: optionalNonEmpty,
  WARDEN_IMPORT_TEAM_KEYS: optionalNonEmpty,
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});
export type WardenEnv = z.infer<typeof WardenEnv>;

export class EnvError extends Error {}

/** Parses an environment; throws EnvError naming the variable and what is wrong with it. */
export function parseEnv(source: Record<string, string | undefined>): WardenEnv {
  const res = WardenEnv.safeParse(source);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const name = String(issue.path[0] ?? "environment");
  throw new EnvError(`${name} ${issue.message}`);
}

let cached: WardenEnv | undefined;
export function env(): WardenEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
