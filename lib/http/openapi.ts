// The OpenAPI 3.1 document of Warden's machine API, generated from the same zod schemas that
// validate requests, so the document cannot drift from what the server accepts.
import { z } from "zod";
import { CanonicalEvent } from "../ingest/event-schema";
import { FORMATS } from "../ingest/adapters";
import { ImportQuery } from "../inventory/import/query";

const IngestResult = z.object({
  received: z.number().int().describe("records found in the body"),
  accepted: z.number().int().describe("events stored by this request"),
  duplicates: z.number().int().describe("valid events that were already stored (retries)"),
  rejected: z.array(z.object({ index: z.number().int(), field: z.string(), reason: z.string() })),
  discoveredIdentities: z.number().int().describe("unknown actors added to the inventory as discovered"),
});

const Problem = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(),
  code: z.string().optional().describe("the error code (invalid, unauthenticated, forbidden, too_large, rate_limited, unavailable, …)"),
  field: z.string().optional().describe("the input field at fault, as a dotted path"),
});

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: { title: "Warden API", version: "1", description: "Ingest identity-aware audit events for non-human identities, and import inventories." },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { ingestKey: { type: "http", scheme: "bearer", description: "An ingest key (Settings or `npm run ingest-key -- create <name>`)" } },
      schemas: { CanonicalEvent: schema(CanonicalEvent), IngestResult: schema(IngestResult), Problem: schema(Problem) },
    },
    paths: {
      "/api/v1/events": {
        post: {
          summary: "Ingest a batch of audit events",
          description:
            "JSON array, {\"events\": [...]}, CloudTrail {\"Records\": [...]} or NDJSON; gzip accepted. Up to 5,000 events / 10 MB. " +
            "Valid events are stored even when others in the batch are rejected; each rejection names index, field and reason. " +
            "Idempotent on (source, eventId, occurredAt).",
          security: [{ ingestKey: [] }],
          parameters: [{ name: "format", in: "query", required: false, schema: { type: "string", enum: [...FORMATS] }, description: "Skip detection and use this adapter." }],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { oneOf: [{ type: "array", items: { $ref: "#/components/schemas/CanonicalEvent" } }, { type: "object", properties: { events: { type: "array", items: { $ref: "#/components/schemas/CanonicalEvent" } } } }] } },
              "application/x-ndjson": { schema: { type: "string", description: "one event per line" } },
            },
          },
          responses: {
            "200": { description: "Batch processed", content: { "application/json": { schema: { $ref: "#/components/schemas/IngestResult" } } } },
            "400": problem("Body cannot be decoded (broken JSON, bad NDJSON line)"),
            "401": problem("Missing, unknown or revoked ingest key"),
            "403": problem("The key may not write any of the batch's sources"),
            "413": problem("More than the per-request event or byte limit"),
            "422": problem("No event in the batch is valid (see rejected)"),
            "429": problem("Saturated: retry after Retry-After seconds; nothing was stored"),
            "503": problem("Database unavailable: nothing was stored; retry"),
          },
        },
      },
      "/api/v1/inventory/import": {
        post: {
          summary: "Import an inventory export (AWS IAM, Kubernetes RBAC, Warden's generic CSV / JSON)",
          description:
            "Files as multipart/form-data parts (one or more) or a raw body (one file). A dry run answers the diff and writes nothing; " +
            "an apply writes it in one transaction with one Warden audit-log entry. With `Accept: application/x-ndjson` the answer is " +
            "NDJSON: progress lines, then {\"type\":\"result\"} or {\"type\":\"error\",\"status\",\"problem\"}. A malformed file is 400 " +
            "with `file`, `path` and `reason`. An admin's session or an ingest key scoped to inventory.",
          security: [{ ingestKey: [] }],
          parameters: Object.entries((schema(ImportQuery) as { properties: Record<string, { description?: string }> }).properties).map(([name, s]) => ({
            name, in: "query", required: name === "source", schema: s, description: s.description,
          })),
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": { schema: { type: "object", properties: { file: { type: "array", items: { type: "string", format: "binary" } } } } },
              "application/octet-stream": { schema: { type: "string", format: "binary" } },
            },
          },
          responses: {
            "200": { description: "The import's outcome: files read (SHA-256), what they hold, the diff, planHash, importId (null for a dry run)" },
            "400": problem("Bad option, or a malformed file (file, path inside it, reason); nothing was written"),
            "401": problem("Missing, unknown or revoked key, or no session"),
            "403": problem("Not an admin, or a key not scoped to inventory or to this source"),
            "409": problem("plan given and the inventory or files changed since that dry run"),
            "413": problem("Upload over WARDEN_IMPORT_MAX_BYTES"),
          },
        },
      },
    },
  };
}
