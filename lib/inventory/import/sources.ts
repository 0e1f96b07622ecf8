// The sources Warden imports, the exact commands that produce their files (recorded as each
// import's provenance and printed in the README and on the Import page), and their readers.
import { awsSource } from "./aws/aws-source";
import { genericSource } from "./generic/generic-source";
import { kubernetesSource } from "./kubernetes/k8s-source";
import type { ImportOptions } from "./options";
import type { SourceReader } from "./source-reader";
import type { ImportMode, ImportSource } from "./types";

export type SourceInfo = {
  label: string;
  /** What to run to produce the files, one command per file kind. */
  commands: { file: string; command: string }[];
  accepts: string;
  defaultMode: ImportMode;
};

export const SOURCES: Record<ImportSource, SourceInfo> = {
  aws: {
    label: "AWS IAM",
    commands: [
      { file: "authorization-details.json", command: "aws iam get-account-authorization-details --output json > authorization-details.json" },
      {
        file: "credential-report.csv (optional)",
        command: "aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 --decode > credential-report.csv",
      },
    ],
    accepts: ".json (authorization details, one or more accounts) and .csv (credential report)",
    defaultMode: "full",
  },
  kubernetes: {
    label: "Kubernetes RBAC",
    commands: [{ file: "rbac.json", command: "kubectl get serviceaccounts,roles,clusterroles,rolebindings,clusterrolebindings -A -o json > rbac.json" }],
    accepts: ".json or .yaml (kubectl -o json / -o yaml)",
    defaultMode: "full",
  },
  generic: {
    label: "Generic CSV / JSON",
    commands: [{ file: "identities.csv, credentials.csv, grants.csv, owners.csv or inventory.json", command: "Warden's generic format (see the templates)" }],
    accepts: ".csv (one file per record kind, recognised by its header) or .json",
    defaultMode: "merge",
  },
};

export function sourceReader(o: ImportOptions): SourceReader {
  switch (o.source) {
    case "aws":
      return awsSource(o);
    case "kubernetes":
      return kubernetesSource(o);
    case "generic":
      return genericSource();
  }
}

/** The command recorded as an import's provenance: the operator's, else the documented ones for the files read. */
export function commandOf(o: ImportOptions, formats: string[]): string {
  if (o.command) return o.command;
  const cmds = SOURCES[o.source].commands;
  const used = o.source === "aws" && !formats.includes("aws-credential-report") ? cmds.slice(0, 1) : cmds;
  return used.map((c) => c.command).join("\n");
}
