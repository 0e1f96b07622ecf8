import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Findings" };

export default function FindingsPage() {
  return <PlaceholderPage area="findings" />;
}
