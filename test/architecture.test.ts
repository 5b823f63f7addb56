// The house rules of src/, read from the import statements of every file (helpers/imports.ts):
//   1. src/nn/ imports nothing outside src/nn/ — no other room, no node: module, no package — so
//      the math can be read, tested and reused on its own;
//   2. no import cycle in src/, type-only imports included: a type shared both ways belongs in a
//      third file that both import, and a cycle among types is how a runtime cycle starts;
//   3. nothing in src/run/ imports src/commands/: commands use the run machinery, not the reverse;
//   4. src/model-file/ (a trained network as a file, and its use) imports neither src/run/ nor
//      src/commands/: the worker writes model files and eval/predict read them, not the reverse.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { findCycles, importGraph, readImports, tsFiles, type Edge } from './helpers/imports.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)); // from dist/test/

/**
 * Imports excused from a rule, each as exactly its file pair ('src/a.ts -> src/b.ts'): none today,
 * and an addition needs a reason beside it. The last test fails for an entry that no longer
 * exists, so the list cannot go stale.
 */
const KNOWN = new Set<string>([]);

const key = (e: Edge): string => `${e.from} -> ${e.to ?? e.specifier}`;
const show = (e: Edge): string => `${e.from}:${e.line} imports${e.typeOnly ? ' type' : ''} '${e.specifier}'`;

/** Rule 1: imports of src/nn/ files that leave src/nn/. */
const nnLeaves = (edges: Edge[]): Edge[] => edges.filter((e) => e.from.startsWith('src/nn/') && !e.to?.startsWith('src/nn/'));
/** Rule 3: imports of src/run/ files from src/commands/. */
const runUsesCommands = (edges: Edge[]): Edge[] => edges.filter((e) => e.from.startsWith('src/run/') && e.to?.startsWith('src/commands/'));
/** Rule 4: imports of src/run/ or src/commands/ from src/model-file/. */
const modelFileUsesEdge = (edges: Edge[]): Edge[] =>
  edges.filter((e) => e.from.startsWith('src/model-file/') && (e.to?.startsWith('src/run/') || e.to?.startsWith('src/commands/')));
/** Rule 2: the cycles, each as a path a -> b -> … -> a. */
const cycles = (edges: Edge[]): string[] => findCycles(edges).map((c) => c.join(' -> '));

const ALL = importGraph(ROOT, tsFiles(ROOT, 'src'));
const CHECKED = ALL.filter((e) => !KNOWN.has(key(e)));

test('the reader reads the imports TypeScript reads, and each relative one names a file of the tree', () => {
  assert.ok(ALL.length > 300, `only ${ALL.length} imports read`);
  for (const file of tsFiles(ROOT, 'src')) {
    const theirs = ts.preProcessFile(readFileSync(ROOT + file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    const ours = ALL.filter((e) => e.from === file && !e.script).map((e) => e.specifier);
    assert.deepEqual(ours.sort(), theirs.sort(), file);
  }
  assert.deepEqual(ALL.filter((e) => e.to !== undefined && !existsSync(ROOT + e.to)).map(show), []);
});

test('src/nn/ imports nothing outside src/nn/, no node: module and no package', () => {
  assert.deepEqual(nnLeaves(CHECKED).map(show), []);
});

test('src/ has no import cycle, type-only imports included', () => {
  assert.deepEqual(cycles(CHECKED), []);
});

test('nothing in src/run/ imports src/commands/', () => {
  assert.deepEqual(runUsesCommands(CHECKED).map(show), []);
});

test('src/model-file/ imports neither src/run/ nor src/commands/', () => {
  assert.deepEqual(modelFileUsesEdge(CHECKED).map(show), []);
});

test('every KNOWN exception is still an import of the tree (else delete it)', () => {
  const present = new Set(ALL.map(key));
  assert.deepEqual(
    [...KNOWN].filter((k) => !present.has(k)),
    [],
  );
});

test('each rule catches a new violation', () => {
  const edge = (from: string, specifier: string, to?: string): Edge => ({ from, to, specifier, line: 1, typeOnly: true, script: false });
  const outside = [edge('src/nn/layer.ts', 'node:fs'), edge('src/nn/layer.ts', '../types.js', 'src/types.ts')];
  assert.deepEqual(nnLeaves([...CHECKED, ...outside]), outside);
  const back = edge('src/run/pool.ts', '../commands/plan.js', 'src/commands/plan.ts');
  assert.deepEqual(runUsesCommands([...CHECKED, back]), [back]);
  const up = edge('src/model-file/use.ts', '../run/store.js', 'src/run/store.ts');
  assert.deepEqual(modelFileUsesEdge([...CHECKED, up]), [up]);
  // kernels.ts back to the registry, as the interface once did: index.ts -> kernels.ts -> index.ts.
  const cycle = edge('src/nn/kernels/kernels.ts', './index.js', 'src/nn/kernels/index.ts');
  assert.deepEqual(cycles([...CHECKED, cycle]), ['src/nn/kernels/index.ts -> src/nn/kernels/kernels.ts -> src/nn/kernels/index.ts']);
});

test('the reader finds every form of import, and nothing else', () => {
  const text = [
    "import assert from 'node:assert/strict';",
    "import type { A } from './a.js';",
    'import {',
    '  b,',
    "  type C } from '../b.js';",
    "import './side-effect.js';",
    "export { d } from './d.js';",
    "export type { E } from './e.js';",
    "export * from './f.js';",
    "export const g = 'not-an-import.js';",
    "const h = Array.from('xyz');",
    "  const { i } = await import('./i.js');",
    "new Worker(new URL('./j.js', import.meta.url));",
  ].join('\n');
  assert.deepEqual(
    readImports(text).map((i) => `${i.line} ${i.typeOnly ? 'type ' : ''}${i.script ? 'script ' : ''}${i.specifier}`),
    [
      '1 node:assert/strict',
      '2 type ./a.js',
      '3 ../b.js',
      '6 ./side-effect.js',
      '7 ./d.js',
      '8 type ./e.js',
      '9 ./f.js',
      '12 ./i.js',
      '13 script ./j.js',
    ],
  );
});

test('findCycles reports each cycle once, from its first file, and no acyclic path', () => {
  const g = (pairs: string[]) => pairs.map((p) => ({ from: p[0], to: p[1] }));
  assert.deepEqual(findCycles(g(['ab', 'bc', 'cd'])), []);
  assert.deepEqual(findCycles(g(['ab', 'bc', 'ca', 'cd', 'de', 'ed', 'ff'])), [
    ['a', 'b', 'c', 'a'],
    ['d', 'e', 'd'],
    ['f', 'f'],
  ]);
});
