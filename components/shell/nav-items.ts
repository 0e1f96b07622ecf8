// The console's areas: where they live, who may open them, and (for areas not built yet) one
// honest sentence on what they will do. The sidebar and the placeholder pages both read this.
import type { Permission } from "@/lib/auth/roles";

export type NavItem = {
  key: string;
  href: string;
  label: string;
  permission: Permission;
  /** Set while the area is a placeholder. */
  willDo?: string;
};

export const NAV_ITEMS = [
  { key: "overview", href: "/", label: "Overview", permission: "inventory:read" },
  { key: "identities", href: "/identities", label: "Identities", permission: "inventory:read" },
  { key: "import", href: "/import", label: "Import", permission: "inventory:import" },
  {
    key: "trails",
    href: "/trails",
    label: "Trails",
    permission: "events:read",
  },
  {
    key: "denials",
    href: "/denials",
    label: "Denials",
    permission: "events:read",
  },
  {
    key: "over-privilege",
    href: "/over-privilege",
    label: "Over-privilege",
    permission: "events:read",
  },
  {
    key: "reviews",
    href: "/reviews",
    label: "Reviews",
    permission: "reviews:read",
    willDo:
      "Reviews will run access review campaigns: each grant goes to its owner with usage evidence, to approve, revoke or defer with a rationale.",
  },
  {
    key: "findings",
    href: "/findings",
    label: "Findings",
    permission: "findings:read",
  },
  {
    key: "evidence",
    href: "/evidence",
    label: "Evidence",
    permission: "evidence:read",
    willDo:
      "Evidence will build SOC 2 packages (ZIP with a SHA-256 manifest, CSV/JSON and a PDF summary) and verify Warden's tamper-evident audit log.",
  },
  {
    key: "settings",
    href: "/settings",
    label: "Settings",
    permission: "settings:read",
  },
] as const satisfies readonly NavItem[];

export type NavKey = (typeof NAV_ITEMS)[number]["key"];

export function navItem(key: NavKey): NavItem {
  return NAV_ITEMS.find((i) => i.key === key)!;
}
