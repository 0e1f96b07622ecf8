"use client";
// A step or row that opens (<details>) to its full event. The event travels as data and the
// detail markup is only built once opened: a trail page holds hundreds of steps, and rendering
// every one of them up front made the page megabytes heavy.
import { useState, type ReactNode } from "react";
import type { EventRow } from "@/lib/events/columns";
import { EventDetail } from "./event-detail";

export function EventDisclosure({ event, summary }: { event: EventRow; summary: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? <EventDetail event={event} /> : null}
    </details>
  );
}
