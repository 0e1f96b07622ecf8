// next-auth configuration: local accounts through the credentials provider, JWT sessions.
// OIDC single sign-on plugs in here later as another provider (the seam is `providers`).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { UserRole } from "../db/generated/enums";
import { verifyCredentials } from "./verify-credentials";
import { recordSignIn, signInLocked } from "./rate-limit";

const Credentials = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(256) });
const TokenClaims = z.object({ sub: z.string(), email: z.string(), name: z.string(), role: z.enum(UserRole) });

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Warden account",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = Credentials.safeParse(raw);
        if (!parsed.success) return null;
        if (signInLocked(parsed.data.email)) throw new Error("TooManyAttempts");
        const user = await verifyCredentials(parsed.data.email, parsed.data.password);
        recordSignIn(parsed.data.email, user !== null);
        return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.role = (user as { role?: string }).role;
      return token;
    },
    session({ session, token }) {
      const claims = TokenClaims.safeParse({ ...token, name: token.name ?? "" });
      if (claims.success) {
        session.user = { ...session.user, id: claims.data.sub, role: claims.data.role } as typeof session.user;
      }
      return session;
    },
  },
};

export { TokenClaims };
