// Redirects anonymous visitors to the sign-in page. This is a convenience, not the security
// boundary: every lib/ function checks the actor's role itself (lib/auth/roles.ts).
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

export async function proxy(req: NextRequest) {
  const token = await getToken({ req });
  if (token) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  const back = req.nextUrl.pathname + req.nextUrl.search;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except sign-in, next-auth, the machine API (ingest keys), health and static files.
  matcher: ["/((?!login|api/auth|api/v1|api/health|_next/static|_next/image|favicon.ico).*)"],
};
