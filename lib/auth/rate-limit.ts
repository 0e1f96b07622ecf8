// Slows password guessing: at most 10 sign-in attempts per account per 5 minutes per server.
const WINDOW_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 10;
const attempts = new Map<string, number[]>();

export function allowSignInAttempt(email: string, now = Date.now()): boolean {
  const key = email.trim().toLowerCase();
  const recent = (attempts.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  recent.push(now);
  attempts.set(key, recent);
  return recent.length <= MAX_ATTEMPTS;
}
