"use client";
// Relative times ("3 hours ago") against one reference instant chosen by the server, so the
// server render and the hydrated client agree; the exact UTC time is in the tooltip.
import { formatDistanceStrict } from "date-fns";
import { createContext, useContext, type ReactNode } from "react";

const ReferenceTime = createContext<number | null>(null);

export function ReferenceTimeProvider({ now, children }: { now: string; children: ReactNode }) {
  return <ReferenceTime.Provider value={Date.parse(now)}>{children}</ReferenceTime.Provider>;
}

export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function RelativeTime({ iso, fallback = "Never" }: { iso: string | null; fallback?: string }) {
  const now = useContext(ReferenceTime);
  if (!iso) return <span className="subtle">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)}>
      {/* Without a reference instant, the exact time is the only honest rendering. */}
      {now === null ? formatUtc(iso) : formatDistanceStrict(new Date(iso), now, { addSuffix: true })}
    </time>
  );
}
