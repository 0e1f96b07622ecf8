// The one wrapper for route handlers: authenticate (session or ingest key), check the permission
// early, parse params / query / JSON body with zod, call one lib function, and map any thrown
// error to problem+json by its WardenError code. lib/ checks the permission again: this early
// check only saves work, it is not the boundary.
import type { z } from "zod";
import { assertCan, type Actor, type Permission } from "../auth/roles";
import { currentUser } from "../auth/session";
import { WardenError, fromZod } from "../core/errors";
import { authenticateIngestKey } from "../ingest-keys/authenticate";
import type { Download } from "../exports/stream-export";
import { toProblem } from "./problem";

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export type RouteInput<P, Q, B> = { actor: Actor; request: Request; params: P; query: Q; body: B };

/** "session-or-key": an `Authorization: Bearer` key when the request has one, else the console session. */
export type RouteAuth = "session" | "ingest-key" | "session-or-key";

export type RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> = {
  auth: RouteAuth;
  permission: Permission;
  params?: P;
  query?: Q;
  /** A JSON body schema. Routes that read raw bytes (ingest) leave it out and read `request`. */
  body?: B;
  handler: (input: RouteInput<Out<P>, Out<Q>, Out<B>>) => Promise<Response | object>;
};

async function authenticate(mode: RouteAuth, request: Request): Promise<Actor> {
  const bearer = request.headers.get("authorization");
  if (mode === "ingest-key" || (mode === "session-or-key" && bearer)) return authenticateIngestKey(bearer);
  const user = await currentUser();
  if (!user) throw new WardenError("unauthenticated", "sign in to Warden first");
  return user;
}

function parse<S extends Schema | undefined>(schema: S | undefined, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error, where);
  return r.data as Out<S>;
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new WardenError("invalid", "the body is not valid JSON", { field: "body" });
  }
}

export function route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
) {
  return async (request: Request, ctx?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const actor = await authenticate(spec.auth, request);
      assertCan(actor, spec.permission);
      const params = parse<P>(spec.params, (await ctx?.params) ?? {}, "path");
      const query = parse<Q>(spec.query, Object.fromEntries(new URL(request.url).searchParams), "query");
      const body = spec.body ? parse<B>(spec.body, await jsonBody(request), "body") : (undefined as Out<B>);
      const out = await spec.handler({ actor, request, params, query, body });
      return out instanceof Response ? out : Response.json(out);
    } catch (e) {
      return toProblem(e);
    }
  };
}

/** A streamed file download: attachment headers that keep the file out of caches and sniffing. */
export function downloadResponse({ filename, contentType, stream }: Download): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
