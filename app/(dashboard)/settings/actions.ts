"use server";
// Server actions for Settings: thin — parse, call lib (which checks the role), report.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ForbiddenError } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { createIngestKey, IngestKeyError, revokeIngestKey } from "@/lib/ingest-keys/keys";

export type CreateKeyState = { key?: string; name?: string; error?: string };

const CreateForm = z.object({
  name: z.string(),
  sources: z.string().max(2000).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)),
});

function message(e: unknown): string {
  if (e instanceof ForbiddenError || e instanceof IngestKeyError) return e.message;
  if (e instanceof z.ZodError) return e.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
  throw e;
}

export async function createKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const user = await requireUser();
  try {
    const input = CreateForm.parse({ name: form.get("name") ?? "", sources: form.get("sources") ?? "" });
    const { key, summary } = await createIngestKey(user, { name: input.name, allowedSources: input.sources });
    revalidatePath("/settings");
    return { key, name: summary.name };
  } catch (e) {
    return { error: message(e) };
  }
}

export async function revokeKeyAction(form: FormData): Promise<void> {
  const user = await requireUser();
  await revokeIngestKey(user, z.string().min(1).parse(form.get("name")));
  revalidatePath("/settings");
}
