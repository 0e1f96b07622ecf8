// GET /api/v1/findings?after=<cursor>&limit=&status=&minSeverity=&detector=&identity= — findings
// in change order for SIEM / ticketing pickup; store `next` and pass it as `after` next time.
import { findingsFeed, FindingsApiQuery } from "@/lib/findings/api-findings";
import { route } from "@/lib/http/route";

export const GET = route({
  auth: "session",
  permission: "findings:read",
  query: FindingsApiQuery,
  handler: ({ actor, query }) => findingsFeed({ actor }, query),
});
