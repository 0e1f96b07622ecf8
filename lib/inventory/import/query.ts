// The query string of POST /api/v1/inventory/import: the import's options as text (lists are
// comma-separated). One schema for the route and its OpenAPI description.
import { z } from "zod";
import { IMPORT_MODES, IMPORT_SOURCES } from "./types";

const list = z.string().max(100_000).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ImportQuery = z.object({
  source: z.enum(IMPORT_SOURCES).describe("which importer reads the files"),
  mode: z.enum(IMPORT_MODES).optional().describe("full (default for aws, kubernetes): what the files do not list is marked gone within what they cover; merge (default for generic): add and update only"),
  dryRun: flag.optional().describe("true: answer the diff, write nothing"),
  collectedAt: z.string().max(40).optional().describe("ISO 8601 time the files were produced (default: what the files say, else now)"),
  command: z.string().max(2000).optional().describe("the command that produced the files, when not the documented one"),
  ownerKeys: list.optional().describe("tag / label keys naming the owner (comma-separated)"),
  teamKeys: list.optional().describe("tag / label keys naming the team (comma-separated)"),
  environment: z.string().max(100).optional().describe("environment of identities whose tags name none"),
  cluster: z.string().max(100).optional().describe("kubernetes: the cluster the export comes from"),
  nhi: list.optional().describe("aws: IAM users (names or ARNs) that are machines"),
  human: list.optional().describe("aws: IAM users (names or ARNs) that are people"),
  plan: z.string().max(64).optional().describe("apply only if the plan is still this dry run's planHash (409 otherwise)"),
  filename: z.string().max(255).optional().describe("the file name of a raw-body upload"),
});
