// Where a field of the composed experiment was written. After `extends:` and `--set`, one
// experiment comes from several files and command-line arguments; an error must point at the one
// that wrote the offending value, so the user edits the right line.

import { getAt, hasAt, isMapping } from './access.js';
import type { PositionOf } from './positions.js';
import { startsWith, type FieldPath } from './path.js';

/** A file of the `extends` chain: its data as written, and the positions of its nodes. */
export interface FileOrigin {
  file: string;
  data: unknown;
  positionOf: PositionOf;
}

/** One `--set path=value`; `label` is how messages name it (the argument as given). */
export interface SetOrigin {
  label: string;
  path: FieldPath;
}

/** A position to show: `line` 0 when the origin has no lines (a command-line argument). */
export interface Where {
  file: string;
  line: number;
  col: number;
}

export type Place = (path: FieldPath, at?: 'key' | 'value') => Where;

/**
 * `files` from the one merged last (the file named by the user) to the deepest base; `sets` in
 * command-line order. A later --set wins over an earlier one, and every --set over the files.
 */
export function makePlace(files: readonly FileOrigin[], sets: readonly SetOrigin[]): Place {
  return (path, at = 'value') => {
    const set = [...sets].reverse().find((s) => startsWith(path, s.path));
    if (set !== undefined) return { file: set.label, line: 0, col: 0 };
    const origin = ownerOf(files, path);
    return { file: origin.file, ...origin.positionOf(path, at) };
  };
}

/**
 * The file whose value the merge kept at `path`. Mappings merge, so at each level the files that
 * wrote the key stay in the running; a non-mapping value replaces everything below it, so its
 * file owns the whole subtree. When no file wrote `path` (a missing field), the owner of the
 * deepest written ancestor answers, and its locator points at that ancestor.
 */
function ownerOf(files: readonly FileOrigin[], path: FieldPath): FileOrigin {
  let running = files;
  for (let depth = 0; depth < path.length; depth++) {
    const top = running[0];
    if (!isMapping(getAt(top.data, path.slice(0, depth)))) return top;
    const writers = running.filter((f) => hasAt(f.data, path.slice(0, depth + 1)));
    if (writers.length === 0) return top;
    running = writers;
  }
  return running[0];
}
