// One access key baked into three workloads: a Kubernetes job, Airflow workers and an old Jenkins
// box — three origins, IPs and user agents presenting the same credential.
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.sharedCredential;
const SCOPES = ["s3:GetObject", "s3:ListBucket", "athena:StartQueryExecution", "athena:GetQueryResults", "glue:GetTable", "dynamodb:Query"];
const AGENTS = [
  "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.219 md/arch#x86_64 lang/python#3.11.9",
  "aws-sdk-java/2.25.60 Linux/5.10.219 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3",
  "aws-cli/2.17.8 md/awscrt#0.20.11 ua/2.0 os/linux#5.10.219 md/arch#x86_64 lang/python#3.11.8",
];
const IPS = ["10.11.8.21", "10.14.3.77", "10.50.9.14"];
const WEIGHTS = [5, 3, 2];

export const sharedCredential: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "service_account", provider: "aws", environment: "prod",
      team: "analytics", component: "reader", createdDaysAgo: 900,
      purpose: "Read-only analytics access to the data lake (S3 + Athena)",
    });
    const credential = storyCredential(b, identity, "access_key", S.fingerprint, 610);
    grantAll(b, identity, [...SCOPES, "sts:AssumeRole"], 880, "Analytics read access");
    storyPlan(b, identity, credential, {
      used: SCOPES, rhythm: "service", weight: 3, chain: { auth: true, token: true, assume: "sts:AssumeRole" },
      profiles: S.origins.map((origin, i) => ({ ip: IPS[i], userAgent: AGENTS[i], origin, weight: WEIGHTS[i] })),
    });
  },
};
