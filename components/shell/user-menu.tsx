"use client";
// Who is signed in, with which role, and the way out.
import { signOut } from "next-auth/react";
import { useState } from "react";
import styles from "./shell.module.css";

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  const [pending, setPending] = useState(false);
  return (
    <div className={styles.user}>
      <span className={styles.userText}>
        <span className={styles.userName} title={email}>
          {name}
        </span>
        <span className={styles.role}>
          <span className="visually-hidden">Role: </span>
          {role}
        </span>
      </span>
      <button
        type="button"
        className="button button-quiet"
        disabled={pending}
        onClick={() => {
          setPending(true);
          void signOut({ callbackUrl: "/login" });
        }}
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
