"use server";
// Server actions for Settings: thin — parse the form, one lib call (which checks the role), report.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/http/action";
import type { ActionState } from "@/lib/http/action-state";
import { createIngestKey } from "@/lib/ingest-keys/create-key";
import { revokeIngestKey } from "@/lib/ingest-keys/revoke-key";
import { updateDetectorSettings } from "@/lib/detections/update-settings";

export type CreateKeyState = ActionState<{ key: string; name: string }>;

const createKey = formAction({
  input: z.object({
    name: z.string().default(""),
    sources: z.string().max(2000).default("").transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)),
    // Unchecked boxes are absent from the form; lib refuses a key with no use at all.
    scopeEvents: z.string().optional(),
    scopeInventory: z.string().optional(),
  }),
  async run(user, input) {
    const { key, summary } = await createIngestKey({ actor: user }, {
      name: input.name,
      allowedSources: input.sources,
      scopes: [...(input.scopeEvents ? (["events"] as const) : []), ...(input.scopeInventory ? (["inventory"] as const) : [])],
    });
    revalidatePath("/settings");
    return { data: { key, name: summary.name } };
  },
});

const revokeKey = formAction({
  input: z.object({ name: z.string().min(1) }),
  async run(user, { name }) {
    await revokeIngestKey({ actor: user }, { name });
    revalidatePath("/settings");
    return { message: `Ingest key “${name}” revoked; its next request is refused.` };
  },
});

export async function createKeyAction(prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  return createKey(prev, form);
}

export async function revokeKeyAction(prev: ActionState, form: FormData): Promise<ActionState> {
  return revokeKey(prev, form);
}

// Detector parameters: each field is `p.<key>`, with `t.<key>` saying how to read it back.
const configure = formAction({
  input: z.record(z.string(), z.string()),
  messages: { forbidden: "Only administrators change detector parameters." },
  async run(user, form) {
    const params: Record<string, unknown> = {};
    for (const [k, type] of Object.entries(form)) {
      if (!k.startsWith("t.")) continue;
      const key = k.slice(2);
      const raw = form[`p.${key}`] ?? "";
      params[key] = type === "number" ? Number(raw) : type === "boolean" ? raw === "on" : type === "array" ? raw.split(",").map((s) => s.trim()).filter(Boolean) : raw;
    }
    await updateDetectorSettings({ actor: user }, { detector: form.detector ?? "", enabled: form.enabled === "on", params });
    revalidatePath("/settings");
    revalidatePath("/findings/detectors");
    return { message: "Saved. Ingest picks it up within 10 seconds; scheduled detectors at their next run." };
  },
});

export async function configureDetectorAction(prev: ActionState, form: FormData): Promise<ActionState> {
  return configure(prev, form);
}
