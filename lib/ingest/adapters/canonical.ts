// Records that are already canonical events: passed through untouched; the schema validates them.
import type { Adapter } from "./types";

export const canonical: Adapter = {
  name: "canonical",
  // The fallback: anything the other adapters do not recognise is treated as canonical, so a
  // malformed record is rejected with the canonical field it lacks rather than silently dropped.
  detect: () => true,
  adapt: (record) => record,
};
