// Slows password guessing: after 10 failed sign-ins for an account within 5 minutes, further
// attempts are refused until the window passes. Successful sign-ins do not count and clear it.
const WINDOW_MS = 5 * 60 * 1000;
const MAX_FAILURES = 10;
const failures = new Map<string, number[]>();

const key = (email: string) => email.trim().toLowerCase();
const recent = (email: string, now: number) => (failures.get(key(email)) ?? []).filter((t) => now - t < WINDOW_MS);

export function signInLocked(email: string, now = Date.now()): boolean {
  return recent(email, now).length >= MAX_FAILURES;
}

export function recordSignIn(email: string, ok: boolean, now = Date.now()): void {
  if (ok) failures.delete(key(email));
  else failures.set(key(email), [...recent(email, now), now]);
}
