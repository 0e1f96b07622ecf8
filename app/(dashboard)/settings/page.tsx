import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/shell/placeholder-page";

export const metadata: Metadata = { title: "Settings" };

// Admin-only: PlaceholderPage's Gate asserts settings:read and renders the 403 panel otherwise.
export default function SettingsPage() {
  return <PlaceholderPage area="settings" />;
}
