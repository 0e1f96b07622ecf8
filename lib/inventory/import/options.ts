// What an import is asked to do, validated once for every entry point (CLI, API, the Import page).
import { z } from "zod";
import { configuredOwnerKeys } from "./owner-tags";
import { IMPORT_MODES, IMPORT_SOURCES } from "./types";

const key = z.string().trim().min(1).max(128);
const principal = z.string().trim().min(1).max(2048);

export const ImportOptions = z.object({
  source: z.enum(IMPORT_SOURCES),
  /** full: the files list everything in the scopes they cover (what is missing is marked gone); merge: only add and update. */
  mode: z.enum(IMPORT_MODES).optional(),
  dryRun: z.boolean().default(false),
  /** When the files were produced; defaults to what the files say, else the files' modification time, else now. */
  collectedAt: z.coerce.date().refine((d) => !Number.isNaN(d.getTime()) && d.getTime() <= Date.now() + 86_400_000, "not a date, or in the future").optional(),
  /** The command that produced the files, when it is not the documented one. */
  command: z.string().trim().min(1).max(2000).optional(),
  ownerKeys: z.array(key).min(1).max(20).default(() => configuredOwnerKeys().ownerKeys),
  teamKeys: z.array(key).min(1).max(20).default(() => configuredOwnerKeys().teamKeys),
  /** The environment of every identity whose tags name none. */
  environment: z.string().trim().min(1).max(100).optional(),
  /** Kubernetes: the cluster the export comes from (kubectl's output does not say). */
  cluster: z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/, "use letters, digits, dot, colon, dash or underscore").optional(),
  /** AWS: IAM users (names or ARNs) to take for machines / for people whatever the other rules say. */
  nhi: z.array(principal).max(10_000).default([]),
  human: z.array(principal).max(10_000).default([]),
  /** Apply only if the plan is still the one a dry run returned (its planHash). */
  plan: z.string().regex(/^[0-9a-f]{64}$/, "expected the planHash of a dry run").optional(),
});
export type ImportOptions = z.output<typeof ImportOptions>;
export type ImportOptionsInput = z.input<typeof ImportOptions>;
