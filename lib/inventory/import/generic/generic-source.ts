// The generic source: Warden's CSV files (one per record kind, told apart by their header) and/or
// JSON files (`{ collectedAt?, owners, identities, credentials, grants }`, streamed per record).
// - identities are keyed by external id, in import scope generic:<provider>;
// - owners.csv / `owners` give the team and name of the owner emails identities name;
// - a grant on a scope Warden does not know must give its risk class;
// - a full import covers, per provider in the files, only the record kinds the files contain.
import type { z } from "zod";
import { fromZod } from "../../../core/errors";
import type { FileReader } from "../file-reader";
import { csvHeader, csvRows } from "../read-csv";
import { jsonItems } from "../read-json";
import type { SourceReader } from "../source-reader";
import type { ImportedGrant, ImportedIdentity, ImportedScope, ImportModel, OwnerRef } from "../types";
import { camel, CSV_COLUMNS, csvKind, IdentityRecord, RECORD_KINDS, type RecordKind } from "./records";

type Parsed = { [K in RecordKind]: { origin: string; value: z.output<(typeof RECORD_KINDS)[K]> }[] };

function check<K extends RecordKind>(reader: FileReader, kind: K, raw: unknown, where: string, column: (key: string) => string) {
  const r = RECORD_KINDS[kind].safeParse(raw);
  if (r.success) return r.data as z.output<(typeof RECORD_KINDS)[K]>;
  const w = fromZod(r.error);
  const issue = r.error.issues[0];
  throw reader.error(`${where}${issue.path.length ? `, ${column(String(issue.path[0]))}` : ""}`, w.message.replace(/^[^:]*: /, ""));
}

export function genericSource(): SourceReader {
  const parsed: Parsed = { owners: [], identities: [], credentials: [], grants: [] };
  const seen = new Set<RecordKind>();
  let collectedAt: Date | null = null;

  async function readCsv(reader: FileReader, header: string[]) {
    const kind = csvKind(header);
    if (!kind) {
      throw reader.error("line 1", `a CSV header Warden does not know; expected the columns of one of: ${Object.entries(CSV_COLUMNS).map(([k, c]) => `${k} (${c.join(",")})`).join("; ")}`);
    }
    reader.format = `generic-csv:${kind}`;
    seen.add(kind);
    const snake = (key: string) => `column ${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    for await (const { line, values } of csvRows(reader)) {
      const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
      const value = check(reader, kind, raw, `line ${line}`, snake);
      (parsed[kind] as { origin: string; value: unknown }[]).push({ origin: `${reader.name}: line ${line}`, value });
    }
  }

  async function readJson(reader: FileReader) {
    reader.format = "generic-json";
    const paths = Object.keys(RECORD_KINDS).map((k) => `$.${k}.*`);
    for await (const item of jsonItems(reader, [...paths, "$"])) {
      if (item.path === "$") {
        // The envelope (lists already streamed out): which kinds the file has, and when it was collected.
        const root = (item.value ?? {}) as Record<string, unknown>;
        for (const k of Object.keys(RECORD_KINDS) as RecordKind[]) if (Array.isArray(root[k])) seen.add(k);
        if (typeof root.collectedAt === "string" && !Number.isNaN(Date.parse(root.collectedAt))) collectedAt = new Date(root.collectedAt);
        continue;
      }
      const kind = item.section as RecordKind;
      const value = check(reader, kind, item.value, item.path, (key) => `key ${key}`);
      (parsed[kind] as { origin: string; value: unknown }[]).push({ origin: `${reader.name}: ${item.path}`, value });
    }
    if (!seen.size) throw reader.error("$", "no owners, identities, credentials or grants list: not Warden's generic JSON");
  }

  return {
    async read(reader) {
      const head = await reader.peek();
      if (head.trimStart().startsWith("{")) return readJson(reader);
      return readCsv(reader, csvHeader(head));
    },
    build: async () => buildGenericModel(parsed, seen, collectedAt),
  };
}

function buildGenericModel(p: Parsed, seen: Set<RecordKind>, collectedAt: Date | null): ImportModel {
  const owners = new Map(p.owners.filter((o) => o.value.email).map((o) => [o.value.email!, o.value]));
  const ownerOf = (r: z.output<typeof IdentityRecord>): OwnerRef | null => {
    if (!r.ownerTeam && !r.ownerEmail && !r.ownerName) return null;
    const known = r.ownerEmail ? owners.get(r.ownerEmail) : undefined;
    return { team: r.ownerTeam ?? known?.team ?? null, email: r.ownerEmail ?? null, name: r.ownerName ?? known?.name ?? null };
  };
  const identities: ImportedIdentity[] = p.identities.map(({ value: r }) => ({
    externalId: r.externalId, name: r.name ?? r.externalId, kind: r.kind, actorType: r.actorType, provider: r.provider,
    environment: r.environment ?? "unknown", status: r.status, purpose: r.purpose ?? null, owner: ownerOf(r),
    importScope: `generic:${r.provider}`, attributes: r.attributes, lastSeenAt: r.lastSeenAt ?? null, aliases: r.aliases, links: [],
  }));
  const now = collectedAt ?? new Date();
  const grants: ImportedGrant[] = p.grants.map(({ origin, value: g }) => ({
    identity: g.identity, scope: g.scope, grantedAt: g.grantedAt ?? now, expiresAt: g.expiresAt ?? null,
    // Stable across file formats and row order (the import record names the files): the same grant
    // from a CSV row or a JSON record is the same grant.
    justification: g.justification ?? null, provenance: JSON.stringify([{ source: "generic", ...(g.resource ? { resource: g.resource } : {}) }]), origin,
  }));
  const scopes = new Map<string, ImportedScope>();
  const providerOf = new Map(identities.map((i) => [i.externalId, i.provider]));
  for (const { value: g } of p.grants) {
    if (!g.riskClass || scopes.has(g.scope)) continue;
    const provider = providerOf.get(g.identity) ?? "generic";
    scopes.set(g.scope, { name: g.scope, resource: g.resource ?? `${provider}:${g.scope}`, riskClass: g.riskClass, provider, description: g.description ?? null });
  }
  const providers = [...new Set(identities.map((i) => i.importScope))].sort();
  return {
    source: "generic",
    identities,
    credentials: p.credentials.map(({ origin, value: c }) => ({
      identity: c.identity, type: c.type, fingerprint: c.fingerprint, issuedAt: c.issuedAt, expiresAt: c.expiresAt ?? null,
      lastRotatedAt: c.lastRotatedAt ?? null, lastUsedAt: c.lastUsedAt ?? null, status: c.status, origin,
    })),
    grants,
    scopes: [...scopes.values()],
    coverage: {
      identities: seen.has("identities") ? providers : [],
      grants: seen.has("grants") ? providers : [],
      credentials: seen.has("credentials") ? providers : [],
    },
    counts: { owners: p.owners.length, identities: p.identities.length, credentials: p.credentials.length, grants: p.grants.length },
    warnings: [...new Set(p.owners.filter((o) => !o.value.email).map((o) => `owner ${o.value.team}${o.value.name ? ` / ${o.value.name}` : ""} has no email: identities name owners by email`))],
    collectedAt,
  };
}
