// Where a field was written: maps a field path back to the YAML node's line and column, so
// messages point at the offending text (for an unknown key, at the key itself).

import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { FieldPath } from './path.js';

export interface Position {
  line: number; // 1-based
  col: number; // 1-based
}

/** Position of a field's value, or with `at: 'key'` of its key. Falls back to the nearest written ancestor. */
export type PositionOf = (path: FieldPath, at?: 'key' | 'value') => Position;

type AnyNode = Node | Pair | null | undefined;

function keyOf(pair: Pair<unknown, unknown>): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function rangeOf(node: AnyNode): readonly [number, number, number] | undefined {
  return node !== null && node !== undefined && 'range' in node ? (node.range ?? undefined) : undefined;
}

export function positionFinder(doc: Document, lines: LineCounter): PositionOf {
  const posOf = (node: AnyNode): Position | undefined => {
    const range = rangeOf(node);
    return range ? lines.linePos(range[0]) : undefined;
  };
  return (path, at = 'value') => {
    let node: AnyNode = doc.contents;
    let best = posOf(node) ?? { line: 1, col: 1 };
    for (let i = 0; i < path.length; i++) {
      // An alias stands for its anchor's node: the problem is where that value was written.
      if (isAlias(node)) node = node.resolve(doc);
      const segment = path[i];
      if (isMap(node)) {
        const pair: Pair<unknown, unknown> | undefined = node.items.find((p) => keyOf(p) === String(segment));
        if (!pair) break;
        if (at === 'key' && i === path.length - 1) return posOf(pair.key as AnyNode) ?? best;
        // `key:` with nothing after it has an empty value node; point at the key then.
        node = (pair.value as AnyNode) ?? (pair.key as AnyNode);
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment] as AnyNode;
      } else {
        break;
      }
      best = posOf(node) ?? best;
    }
    return best;
  };
}

/** The field path of the innermost node at `offset` (to name the field of a YAML error, e.g. a duplicate key). */
export function pathAt(doc: Document, offset: number): FieldPath {
  const contains = (node: AnyNode): boolean => {
    const range = rangeOf(node);
    return range !== undefined && range[0] <= offset && offset < Math.max(range[2], range[0] + 1);
  };
  const path: (string | number)[] = [];
  let node: AnyNode = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair: Pair<unknown, unknown> | undefined = node.items.find((p) => contains(p.key as AnyNode) || contains(p.value as AnyNode));
      if (!pair) break;
      path.push(keyOf(pair));
      if (contains(pair.key as AnyNode)) break;
      node = pair.value as AnyNode;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as AnyNode));
      if (index < 0) break;
      path.push(index);
      node = node.items[index] as AnyNode;
    } else {
      break;
    }
  }
  return path;
}
