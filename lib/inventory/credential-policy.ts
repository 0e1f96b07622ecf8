// Credential hygiene thresholds the console flags against (overview, identity pages, detections).
/** A credential not rotated (or issued) within this many days is overdue for rotation. */
export const ROTATION_MAX_AGE_DAYS = 90;
/** Expiry is flagged this many days ahead. */
export const EXPIRY_WARNING_DAYS = 30;
