// GET /import/template/<identities.csv|credentials.csv|grants.csv|owners.csv|inventory.json>: the
// generic format's templates, with example rows.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { TEMPLATE_FILES, templateFile } from "@/lib/inventory/import/generic/templates";

export const GET = route({
  auth: "session",
  permission: "inventory:import",
  params: z.object({ file: z.enum(TEMPLATE_FILES) }),
  handler: async ({ params }) => {
    const { text, contentType } = templateFile(params.file);
    return new Response(text, {
      headers: { "content-type": contentType, "content-disposition": `attachment; filename="warden-${params.file}"`, "cache-control": "no-store" },
    });
  },
});
