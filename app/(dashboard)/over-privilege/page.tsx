import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Over-privilege" };

export default function OverprivilegePage() {
  return <PlaceholderPage area="over-privilege" />;
}
