"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import styles from "./login.module.css";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  TooManyAttempts: "Too many failed sign-ins for this account. Wait five minutes and try again.",
};

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    setPending(false);
    if (!res || res.error) {
      setError(MESSAGES[res?.error ?? ""] ?? "Sign-in failed. Try again.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <label className={styles.label}>
        Email
        <input className={styles.input} name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label className={styles.label}>
        Password
        <input className={styles.input} name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
      <button className={styles.button} type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
