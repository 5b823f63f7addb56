// The import graph of the source tree, for test/architecture.test.ts: a small reader of the
// module specifiers a TypeScript file names, and a cycle finder. It reads text, not a syntax tree,
// so it relies on the tree's style: static imports and re-exports start a line, specifiers are
// string literals.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/** One module a file depends on: an import, a re-export, a dynamic import or a worker's script. */
export interface Import {
  specifier: string; // as written: './layer.js', 'node:fs', 'piscina'
  line: number;
  typeOnly: boolean; // `import type` / `export type`: erased from the JavaScript, still a dependency of the design
  script: boolean; // a Worker's script, `new URL('./x.js', import.meta.url)`: no import to TypeScript, one at run time
}

// `import … from '…'`, `export … from '…'` (the clause may span lines), and bare `import '…'`.
const STATIC = /^[ \t]*(import|export)\b(\s+type\b)?([^;'"]*?\bfrom)?\s*['"]([^'"]+)['"]/gm;
// `await import('…')`, and `new URL('./x.js', import.meta.url)` (how a Worker names its script).
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)|\bnew URL\(\s*['"](\.{1,2}\/[^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g;

/** The modules that TypeScript source `text` depends on, in order of appearance. */
export function readImports(text: string): Import[] {
  const found: { at: number; specifier: string; typeOnly: boolean; script: boolean }[] = [];
  for (const m of text.matchAll(STATIC)) {
    // (`export const x = '…'` does not match: without `from`, only spaces may precede the quote.)
    found.push({ at: m.index, specifier: m[4], typeOnly: m[2] !== undefined, script: false });
  }
  for (const m of text.matchAll(DYNAMIC)) found.push({ at: m.index, specifier: m[1] ?? m[2], typeOnly: false, script: m[2] !== undefined });
  found.sort((a, b) => a.at - b.at);
  return found.map(({ at, ...imp }) => ({ ...imp, line: text.slice(0, at).split('\n').length }));
}

/** Every .ts file under `dir`, as paths relative to `root` with forward slashes, sorted. */
export function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.ts')) out.push(relative(root, join(d, e.name)).split(sep).join('/'));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

/** An import of one file of the tree; `to` is the file it resolves to (a relative one), else undefined. */
export interface Edge extends Import {
  from: string;
  to?: string;
}

/** The imports of each file of `files` (relative to `root`), relative specifiers resolved to .ts paths. */
export function importGraph(root: string, files: string[]): Edge[] {
  return files.flatMap((from) =>
    readImports(readFileSync(join(root, from), 'utf8')).map((imp) => ({
      ...imp,
      from,
      to: imp.specifier.startsWith('.') ? posix.join(dirname(from), imp.specifier).replace(/\.js$/, '.ts') : undefined,
    })),
  );
}

/**
 * The cycles of a directed graph given by its edges: one per strongly connected component of more
 * than one node (or a node importing itself), each as a path that starts and ends at its first
 * node in sorted order, sorted by that node, so that a report is stable.
 */
export function findCycles(edges: readonly { from: string; to?: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) if (to !== undefined) next.set(from, [...(next.get(from) ?? []), to]);
  // Tarjan's algorithm; the graphs here are a few hundred files, so recursion depth is no concern.
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (next.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((c) => pathThrough(c.sort(), next)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** A shortest cycle through the component's first node, staying inside the component. */
function pathThrough(component: string[], next: Map<string, string[]>): string[] {
  const inside = new Set(component),
    start = component[0];
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const w of next.get(queue[i]) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let v = queue[i]; v !== start; v = prev.get(v)!) path.splice(1, 0, v);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, queue[i]);
        queue.push(w);
      }
    }
  }
  return component; // unreachable: every node of a component lies on a cycle through its others
}
