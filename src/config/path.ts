// A field's address inside an experiment, as segments (`['model', 'layers', 2]`) and as users
// read it in messages and write it in `--set` (`model.layers[2]`).

export type FieldPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['model', 'layers', 2, 'linear']` → `model.layers[2].linear`; odd keys are quoted: `a["b c"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * A JSON pointer (ajv's `instancePath`, e.g. `/model/layers/2`) → segments. The data tells which
 * segments index arrays, so `/a/0` becomes `['a', 0]` only when `a` is a list.
 */
export function pathFromPointer(pointer: string, data: unknown): FieldPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let here = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(here)) {
      path.push(Number(key));
      here = here[Number(key)];
    } else {
      path.push(key);
      here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

// One key, then `[i]` indexes; keys as in formatPath's plain form.
const PATH_SYNTAX = /^[A-Za-z_][A-Za-z0-9_-]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_-]*(\[\d+\])*)*$/;

/** `model.layers[0].linear.units` → `['model', 'layers', 0, 'linear', 'units']`; undefined if it is not a path. */
export function parsePath(text: string): FieldPath | undefined {
  if (!PATH_SYNTAX.test(text)) return undefined;
  const path: (string | number)[] = [];
  for (const part of text.split('.')) {
    const [key, ...indexes] = part.split('[');
    path.push(key, ...indexes.map((index) => Number(index.slice(0, -1))));
  }
  return path;
}

/** Whether `prefix` is `path` or one of its ancestors. */
export function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}
