import { databaseHealthy } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await databaseHealthy();
  return Response.json({ status: ok ? "ok" : "database unavailable" }, { status: ok ? 200 : 503 });
}
