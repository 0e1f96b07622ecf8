// Retention of audit events by risk class: routine reads go first, denials and privileged actions
// are kept longest.
export type RetentionClass = "routine" | "write" | "sensitive";

/** Days kept per class. sensitive = any denial or error, and admin/export/secret/permission/cross-tenant. */
export const RETENTION_DAYS: Record<RetentionClass, number> = { routine: 90, write: 180, sensitive: 400 };
