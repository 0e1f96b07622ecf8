import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Reviews" };

export default function ReviewsPage() {
  return <PlaceholderPage area="reviews" />;
}
