// The Import page: admins load real inventories (AWS IAM, Kubernetes RBAC, Warden's generic CSV /
// JSON) with a dry-run diff before anything is written; the history lists what was applied.
import type { Metadata } from "next";
import { ImportHistory } from "@/components/import/import-history";
import { ImportWorkbench } from "@/components/import/import-workbench";
import type { SourceChoice } from "@/components/import/source-picker";
import { guardedPage } from "@/components/shell/guarded-page";
import { PageHeader } from "@/components/ui/page-header";
import { TEMPLATE_FILES } from "@/lib/inventory/import/generic/templates";
import { listImports } from "@/lib/inventory/import/list-imports";
import { configuredOwnerKeys } from "@/lib/inventory/import/owner-tags";
import { SOURCES } from "@/lib/inventory/import/sources";
import { IMPORT_SOURCES } from "@/lib/inventory/import/types";

export const metadata: Metadata = { title: "Import inventory" };

const HINTS: Record<(typeof IMPORT_SOURCES)[number], string> = {
  aws: "Users, groups, roles and every policy version; access keys from the credential report",
  kubernetes: "Service accounts and the (cluster) roles their bindings give them",
  generic: "Warden's own CSV or JSON: GitHub apps, GCP service accounts, Entra service principals…",
};

export default async function ImportPage() {
  return guardedPage({ permission: "inventory:import", area: "Import" }, async (user) => {
    const imports = await listImports({ actor: user }, {});
    const keys = configuredOwnerKeys();
    const sources: SourceChoice[] = IMPORT_SOURCES.map((key) => ({
      key, label: SOURCES[key].label, hint: HINTS[key], accepts: SOURCES[key].accepts, defaultMode: SOURCES[key].defaultMode,
      commands: SOURCES[key].commands, templates: key === "generic" ? [...TEMPLATE_FILES] : [],
    }));
    return (
      <>
        <PageHeader
          title="Import inventory"
          lead="Load the identities, credentials and grants your clouds and clusters export. Preview every change first: nothing is written until you apply it."
        />
        <ImportWorkbench sources={sources} defaults={{ ownerKeys: keys.ownerKeys.join(", "), teamKeys: keys.teamKeys.join(", ") }} />
        <ImportHistory imports={imports} />
      </>
    );
  });
}
