// GET /identities/<id>/grants.csv?window=<days>: every live grant of the identity with its usage.
import { z } from "zod";
import { downloadResponse, route } from "@/lib/http/route";
import { exportIdentityGrantsCsv } from "@/lib/identities/export-grants";
import { parseIdentityPageParams } from "@/lib/identities/params";

export const GET = route({
  auth: "session",
  permission: "events:read",
  params: z.object({ id: z.guid() }),
  async handler({ actor, request, params }) {
    const view = parseIdentityPageParams(new URL(request.url).searchParams);
    return downloadResponse(await exportIdentityGrantsCsv({ actor }, { identityId: params.id, days: view.window }));
  },
});
