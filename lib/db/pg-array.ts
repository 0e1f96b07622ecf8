// PostgreSQL array literals for bulk query parameters. node-postgres serialises a JS array
// element by element through its generic value conversion (two regex replaces and quotes per
// element); ingest sends ~5,000 elements per batch, where that cost ~1.4 µs per event.

/** Numbers, booleans, uuids and enum labels: nothing in them needs quoting. */
export function plainArray(values: readonly (number | boolean | string)[]): string {
  return `{${values.join(",")}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** Any text: every element quoted (so commas, braces, spaces and NULL stay text), `"` and `\` escaped. */
export function textArray(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += `${i ? "," : ""}"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, "\\$&") : v}"`;
  }
  return `${out}}`;
}
