import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Denials" };

export default function DenialsPage() {
  return <PlaceholderPage area="denials" />;
}
