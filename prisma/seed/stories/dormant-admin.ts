// A production admin service account nobody uses any more: admin and permission-change grants,
// its access key still active, and not one event for well over 60 days.
import { EMAIL_DOMAIN } from "../catalog/org";
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.dormantAdmin;

export const dormantAdmin: Story = {
  build(b) {
    const silentDays = Math.max(b.days, 60) + S.silentDaysBeyondWindow;
    const lastSeenAt = b.daysAgo(silentDays);
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "service_account", provider: "aws", environment: "prod",
      team: "billing", component: "legacy-admin", createdDaysAgo: silentDays + 1100, lastSeenAt,
      purpose: "Break-glass admin for the legacy billing stack (migration BILL-2211, finished 2023)",
    });
    const credential = storyCredential(b, identity, "access_key", S.fingerprint, silentDays + 1000);
    credential.lastUsedAt = lastSeenAt;
    grantAll(b, identity, [
      "iam:*", "iam:AttachRolePolicy", "iam:CreateAccessKey", "iam:PassRole", "s3:*",
      "secretsmanager:GetSecretValue", "organizations:ListAccounts", "sts:AssumeRole",
    ], silentDays + 1000, "Legacy billing migration (BILL-2211)", `d.marsh@${EMAIL_DOMAIN}`);
    storyPlan(b, identity, credential, { used: [], profiles: [], rhythm: "service", weight: 0 });
  },
};
