"use server";
// Server actions behind the finding page's lifecycle forms and the "Run now" button. Thin: parse
// the form, one lib verb (which checks the role and writes the audit row), report.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { WardenError } from "@/lib/core/errors";
import { runDetectors } from "@/lib/detections/run-detectors";
import { acknowledgeFinding } from "@/lib/findings/acknowledge";
import { addFindingToReview } from "@/lib/findings/add-to-review";
import { assignFinding } from "@/lib/findings/assign";
import { commentFinding } from "@/lib/findings/comment";
import { reopenFinding } from "@/lib/findings/reopen";
import { resolveFinding } from "@/lib/findings/resolve";
import { suppressFinding } from "@/lib/findings/suppress";
import { formAction } from "@/lib/http/action";
import type { ActionState } from "@/lib/http/action-state";

const FORBIDDEN = { forbidden: "Only administrators and reviewers can change findings." };
const Id = z.object({ id: z.string(), note: z.string().optional() });
const done = (id: string, message: string) => {
  revalidatePath(`/findings/${id}`);
  revalidatePath("/findings");
  return { message };
};

const acknowledge = formAction({ input: Id, messages: FORBIDDEN, run: async (user, i) => {
  await acknowledgeFinding({ actor: user }, { id: i.id, note: i.note || undefined });
  return done(i.id, "Acknowledged. Recorded in the audit log.");
} });
const reopen = formAction({ input: Id, messages: FORBIDDEN, run: async (user, i) => {
  await reopenFinding({ actor: user }, { id: i.id, note: i.note || undefined });
  return done(i.id, "Reopened.");
} });
const resolve = formAction({
  input: z.object({ id: z.string(), resolution: z.string(), note: z.string().optional() }), messages: FORBIDDEN,
  run: async (user, i) => {
    await resolveFinding({ actor: user }, { id: i.id, resolution: i.resolution as "fixed", note: i.note || undefined });
    return done(i.id, "Resolved. If the detector raises it again it will be reopened.");
  },
});
const suppress = formAction({
  input: z.object({ id: z.string(), reason: z.string().default(""), until: z.string().default("") }), messages: FORBIDDEN,
  run: async (user, i) => {
    if (!i.until) throw new WardenError("invalid", "until: choose when the suppression ends", { field: "until" });
    await suppressFinding({ actor: user }, { id: i.id, reason: i.reason, until: new Date(`${i.until}T00:00:00Z`) });
    return done(i.id, `Suppressed until ${i.until}. It reopens by itself after that.`);
  },
});
const assign = formAction({ input: z.object({ id: z.string(), email: z.string().default("") }), messages: FORBIDDEN, run: async (user, i) => {
  const r = await assignFinding({ actor: user }, { id: i.id, email: i.email });
  return done(i.id, r.changed ? (i.email ? `Assigned to ${i.email}.` : "Unassigned.") : "Nothing changed.");
} });
const comment = formAction({ input: z.object({ id: z.string(), body: z.string().default("") }), messages: FORBIDDEN, run: async (user, i) => {
  await commentFinding({ actor: user }, { id: i.id, body: i.body });
  return done(i.id, "Comment added.");
} });
const toReview = formAction({
  input: z.object({ id: z.string(), campaignId: z.string() }), messages: { forbidden: "Only administrators manage review campaigns." },
  run: async (user, i) => {
    const r = await addFindingToReview({ actor: user }, i);
    return done(i.id, r.added ? `${r.added} grant${r.added === 1 ? "" : "s"} added to ${r.campaign}.` : `Already in ${r.campaign}; nothing added.`);
  },
});
const runNow = formAction({
  input: z.object({ detector: z.string().optional() }), messages: { forbidden: "Only administrators run detectors." },
  run: async (user, i) => {
    const results = await runDetectors({ actor: user }, { detector: i.detector || undefined });
    revalidatePath("/findings");
    revalidatePath("/settings");
    const raised = results.reduce((n, r) => n + r.raised + r.reopened, 0);
    const resolved = results.reduce((n, r) => n + r.resolved, 0);
    const failed = results.filter((r) => r.skipped?.startsWith("failed"));
    return { message: `Ran ${results.length} detector${results.length === 1 ? "" : "s"}: ${raised} new or reopened, ${resolved} resolved${failed.length ? `; ${failed.map((f) => f.detector).join(", ")} failed` : ""}.` };
  },
});

export async function acknowledgeAction(p: ActionState, f: FormData) { return acknowledge(p, f); }
export async function reopenAction(p: ActionState, f: FormData) { return reopen(p, f); }
export async function resolveAction(p: ActionState, f: FormData) { return resolve(p, f); }
export async function suppressAction(p: ActionState, f: FormData) { return suppress(p, f); }
export async function assignAction(p: ActionState, f: FormData) { return assign(p, f); }
export async function commentAction(p: ActionState, f: FormData) { return comment(p, f); }
export async function addToReviewAction(p: ActionState, f: FormData) { return toReview(p, f); }
export async function runDetectorsAction(p: ActionState, f: FormData) { return runNow(p, f); }
