// Local-account passwords are hashed with Argon2id (memory-hard KDF); plaintext never persists.
import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const; // OWASP 2023 baseline

export const hashPassword = (plain: string): Promise<string> => hash(plain, OPTIONS);

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false; // malformed hash: treat as a failed sign-in, never as a crash
  }
}

/** A readable random password for the bootstrap admin (~120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url").replace(/(.{5})(?=.)/g, "$1-");
}

// A fixed hash to verify against when the account does not exist, so that response time does
// not reveal which emails have accounts.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("warden-timing-equaliser");
  return dummy;
}
