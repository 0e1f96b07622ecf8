import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Evidence" };

export default function EvidencePage() {
  return <PlaceholderPage area="evidence" />;
}
