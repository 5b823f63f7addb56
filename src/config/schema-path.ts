// Does a field path name a field of the experiment? Sweeps and `--set` address fields by path, so
// a misspelt path must be caught before anything runs, with the nearest real path suggested.

import { formatPath, type FieldPath } from './path.js';
import { quote } from './quote.js';
import { itemsOf, properties, resolve, SCHEMA, subschemas, type SchemaNode } from './schema.js';
import { suggest } from './suggest.js';

/** A schema node with its anyOf branches laid out: every form the value may take there. */
function forms(node: SchemaNode): SchemaNode[] {
  const resolved = resolve(node);
  const branches = subschemas(resolved, 'anyOf');
  return branches.length > 0 ? branches.flatMap(forms) : [resolved];
}

/**
 * Why `path` names no field of the experiment, or undefined if it does. `extra` adds names that
 * are also valid at the top level (the sweep's own keys), for the suggestion only.
 */
export function unknownPath(path: FieldPath, extra: readonly string[] = []): string | undefined {
  let nodes = forms(SCHEMA);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const parent = formatPath(path.slice(0, i));
    const where = parent === '' ? 'the experiment' : parent;
    if (typeof segment === 'number') {
      const items = nodes.map(itemsOf).filter((n): n is SchemaNode => n !== undefined);
      if (items.length === 0) return `${where} is not a list, so [${segment}] names nothing`;
      nodes = items.flatMap(forms);
      continue;
    }
    // A mapping of names the user chooses (datasets:) takes any key its additionalProperties describe.
    const named = (n: SchemaNode): SchemaNode | undefined =>
      properties(n)[segment] ?? (typeof n.additionalProperties === 'object' ? (n.additionalProperties as SchemaNode) : undefined);
    const next = nodes.map(named).filter((n): n is SchemaNode => n !== undefined);
    if (next.length > 0) {
      nodes = next.flatMap(forms);
      continue;
    }
    if (nodes.some((n) => itemsOf(n) !== undefined) && !nodes.some((n) => Object.keys(properties(n)).length > 0)) {
      return `${where} is a list: name an item with [i], e.g. ${parent}[0]`;
    }
    const known = [...new Set(nodes.flatMap((n) => Object.keys(properties(n))))];
    const guess = suggest(segment, i === 0 ? [...known, ...extra] : known);
    if (guess !== undefined) {
      const fixed = extra.includes(guess) ? guess : formatPath([...path.slice(0, i), guess, ...path.slice(i + 1)]);
      return `${where} has no field ${quote(segment)} (did you mean ${quote(fixed)}?)`;
    }
    return `${where} has no field ${quote(segment)}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`;
  }
  return undefined;
}
