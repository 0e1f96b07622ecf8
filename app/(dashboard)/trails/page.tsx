import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Trails" };

export default function TrailsPage() {
  return <PlaceholderPage area="trails" />;
}
