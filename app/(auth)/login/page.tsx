import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentUser } from "@/lib/auth/session";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in · Warden" };

// Only same-site paths may be a post-sign-in destination (no open redirect).
const SearchParams = z.object({
  callbackUrl: z.string().regex(/^\/(?!\/)/).catch("/").default("/"),
});

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { callbackUrl } = SearchParams.parse(await searchParams);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="login-title">
        <p className={styles.brand}>Warden</p>
        <h1 id="login-title" className={styles.title}>Sign in</h1>
        <p className={styles.lead}>Governance console for non-human identities.</p>
        <LoginForm callbackUrl={callbackUrl} />
      </section>
    </main>
  );
}
