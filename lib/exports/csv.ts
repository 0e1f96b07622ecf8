// RFC 4180 CSV cells, safe to open in a spreadsheet. Identity names and external ids come from
// producers we do not control, so a value like `=HYPERLINK(...)` must never become a formula.
export type CsvValue = string | number | boolean | Date | null | undefined;

// = + - @ start a formula; tab and CR do too in some spreadsheet apps (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a formula-looking text with a single quote so spreadsheets show it as text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  // Numbers and booleans we produce ourselves are data, never formulas.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = value instanceof Date ? value.toISOString() : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
