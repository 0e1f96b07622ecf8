// The AWS source: any number of `get-account-authorization-details` JSON files (one per account)
// and, optionally, credential reports (CSV), told apart by their first bytes.
import { fileError, type FileReader } from "../file-reader";
import { csvHeader } from "../read-csv";
import type { SourceReader } from "../source-reader";
import { readAuthorizationDetails, type AuthorizationDetails } from "./authorization-details";
import { buildAwsModel, type AwsOptions } from "./aws-model";
import { readCredentialReport, REPORT_COLUMNS, type ReportRow } from "./credential-report";

export function awsSource(opts: AwsOptions): SourceReader {
  const details: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
  let report: ReportRow[] | null = null;
  let detailFiles = 0;
  return {
    async read(reader: FileReader) {
      const head = await reader.peek();
      if (head.trimStart().startsWith("{")) {
        reader.format = "aws-authorization-details";
        await readAuthorizationDetails(reader, details);
        detailFiles++;
      } else if (REPORT_COLUMNS.every((c) => csvHeader(head).includes(c))) {
        reader.format = "aws-credential-report";
        report = [...(report ?? []), ...(await readCredentialReport(reader))];
      } else {
        throw reader.error("line 1", "not an AWS export: expected the JSON of `aws iam get-account-authorization-details` or an IAM credential report (CSV)");
      }
    },
    async build() {
      if (!detailFiles) throw fileError("(files)", "(none)", "an AWS import needs the `aws iam get-account-authorization-details` JSON; the credential report only adds credentials to it");
      return buildAwsModel(details, report, opts);
    },
  };
}
