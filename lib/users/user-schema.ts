// Account fields as every user verb validates them.
import { z } from "zod";
import type { Actor } from "../auth/roles";
import { UserRole } from "../db/generated/enums";

export const Email = z.email().transform((e) => e.toLowerCase());
export const Password = z.string().min(12, "password must be at least 12 characters").max(256);

export const NewUser = z.object({
  email: Email,
  name: z.string().trim().min(1).max(120),
  role: z.enum(UserRole),
  password: Password,
});
export type NewUser = z.input<typeof NewUser>;

export type UserActor = Extract<Actor, { kind: "user" }>;
