// JSON for files people read and diff: indented like JSON.stringify(v, null, 2), but a value that
// fits on one line stays on one line, and a flat record in an array (a row of inline data) is
// always one line — so a spec's data reads one row per line rather than ten lines per row.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Pretty JSON as described above, without a trailing newline. */
export function prettyJson(value: unknown, maxWidth = 100): string {
  // A round trip through JSON gives plain data (undefined dropped, NaN → null) to walk over.
  return format(JSON.parse(JSON.stringify(value)) as Json, '', maxWidth, false);
}

function format(value: Json, indent: string, maxWidth: number, inArray: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const flat = inline(value);
  if (indent.length + flat.length <= maxWidth || (inArray && isFlatRecord(value))) return flat;
  const inner = indent + '  ';
  const items = Array.isArray(value)
    ? value.map((v) => inner + format(v, inner, maxWidth, true))
    : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, maxWidth, false)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? flat : `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/** One line, with a space after `:` and `,` as a person would write it. */
function inline(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')}}`;
}

function isFlatRecord(value: Json[] | { [key: string]: Json }): boolean {
  return !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== 'object');
}
