// The search planner on made-up stored runs: rung arithmetic, Hyperband's brackets against the
// paper's table, the ranking (ties, divergence), and rungs decided only once complete.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchSpec } from '../../src/config/experiment.js';
import { planSearch, type Planned } from '../../src/search/planner.js';
import { brackets, halvings, kept, rungEpochs, shares } from '../../src/search/rungs.js';
import type { RunResult } from '../../src/types.js';
import { doneResult, linearRun } from '../helpers/spec.js';

const HALVING: SearchSpec = { method: 'halving', metric: 'val_accuracy', min_epochs: 1, eta: 3 };

/** n planned runs of `epochs` epochs, ids r00, r01, … */
const plan = (n: number, epochs = 9): Planned[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, spec: linearRun('s', i, epochs) }));

/** A stored run of `epochs` epochs whose validation accuracy at epoch e is acc(e); paused unless whole. */
function stored(p: Planned, epochs: number, acc: (e: number) => number, status: RunResult['status'] = 'paused'): RunResult {
  const run = doneResult(p.id, { ...p.spec, train: { ...p.spec.train, epochs } });
  run.epochs = run.epochs.map((m) => ({ ...m, val_accuracy: acc(m.epoch), val_loss: 1 - acc(m.epoch) }));
  return { ...run, status, ...(status === 'paused' ? { rung: epochs } : {}) };
}

test('rungs at min_epochs·eta^k, the last at train.epochs', () => {
  assert.deepEqual(rungEpochs(1, 9, 3), [1, 3, 9]);
  assert.deepEqual(rungEpochs(1, 10, 3), [1, 3, 10]);
  assert.deepEqual(rungEpochs(1, 81, 3), [1, 3, 9, 27, 81]);
  assert.deepEqual(rungEpochs(2, 9, 3), [2, 9]);
  assert.deepEqual(rungEpochs(5, 5, 3), [5]);
  assert.equal(halvings(1, 243, 3), 5); // a float log_3(243) is 4.999…
  assert.deepEqual(
    [1, 2, 3, 8, 9, 10, 27].map((n) => kept(n, 3)),
    [1, 1, 1, 2, 3, 3, 9],
  );
});

test("Hyperband's brackets for R = 81, eta = 3 are the paper's table (Li et al. 2017, table 1)", () => {
  assert.deepEqual(brackets(1, 81, 3), [
    { s: 4, n: 81, firstRung: 0 },
    { s: 3, n: 34, firstRung: 1 },
    { s: 2, n: 15, firstRung: 2 },
    { s: 1, n: 8, firstRung: 3 },
    { s: 0, n: 5, firstRung: 4 },
  ]);
  // n_i per rung, as the table lists them: 81 27 9 3 1 | 34 11 3 1 | 15 5 1 | 8 2 | 5
  const rows = brackets(1, 81, 3).map((b) => {
    const out = [b.n];
    for (let i = 0; i < b.s; i++) out.push(kept(out.at(-1)!, 3));
    return out;
  });
  assert.deepEqual(rows, [[81, 27, 9, 3, 1], [34, 11, 3, 1], [15, 5, 1], [8, 2], [5]]);
  assert.deepEqual(shares([81, 34, 15, 8, 5], 143), [81, 34, 15, 8, 5]);
  assert.deepEqual(
    shares([9, 5, 3], 27).reduce((a, b) => a + b),
    27,
  );
});

test("the paper's illustration: 81 configs, eta 3, 27 epochs cost 243 epochs instead of 2,187", () => {
  assert.deepEqual(planSearch(plan(81, 27), new Map(), HALVING).epochs, { search: 243, grid: 2187 });
});

test('nothing stored: every run trains to the first rung, nothing is decided', () => {
  const p = plan(9);
  const s = planSearch(p, new Map(), HALVING);
  assert.deepEqual(
    s.todo,
    p.map((r) => ({ id: r.id, stopAt: 1 })),
  );
  assert.deepEqual(
    s.brackets[0]!.rungs.map((r) => [r.epoch, r.entered.length, r.complete]),
    [
      [1, 9, false],
      [3, 0, false],
      [9, 0, false],
    ],
  );
  assert.deepEqual(s.epochs, { search: 9 + 3 * 2 + 1 * 6, grid: 81 });
});

test('a rung waits for every run that entered it, then keeps the best third', () => {
  const p = plan(9);
  const acc = (i: number) => (e: number) => (i + e) / 100;
  const some = new Map(p.slice(0, 8).map((r, i) => [r.id, stored(r, 1, acc(i))]));
  const waiting = planSearch(p, some, HALVING);
  assert.deepEqual(waiting.todo, [{ id: 'r08', stopAt: 1 }]);
  assert.equal(waiting.brackets[0]!.rungs[0]!.complete, false);
  assert.deepEqual(waiting.prune, [], 'runs waiting at an undecided rung are not pruned');
  const all = new Map(p.map((r, i) => [r.id, stored(r, 1, acc(i))]));
  const decided = planSearch(p, all, HALVING);
  assert.deepEqual(decided.brackets[0]!.rungs[0]!.kept, ['r06', 'r07', 'r08']);
  assert.deepEqual(
    decided.todo,
    ['r06', 'r07', 'r08'].map((id) => ({ id, stopAt: 3 })),
  );
  assert.deepEqual(decided.prune, ['r00', 'r01', 'r02', 'r03', 'r04', 'r05']);
  assert.equal(decided.brackets[0]!.rungs[0]!.cutoff, 7 / 100);
});

test('ties go to the lower validation loss, then the smaller run id; diverged and failed runs rank last', () => {
  const p = plan(6);
  const runs = new Map<string, RunResult>();
  for (const r of p)
    runs.set(
      r.id,
      stored(r, 1, () => 0.5),
    );
  const lower = runs.get('r04')!;
  lower.epochs[0] = { ...lower.epochs[0]!, val_loss: 0.1 };
  runs.set('r00', { ...runs.get('r00')!, status: 'diverged', epochs: [], final: null });
  runs.set('r01', { ...runs.get('r01')!, status: 'failed', epochs: [], final: null });
  const s = planSearch(p, runs, HALVING);
  assert.deepEqual(
    s.brackets[0]!.rungs[0]!.ranked.map((r) => r.id),
    ['r04', 'r02', 'r03', 'r05', 'r00', 'r01'],
  );
  assert.deepEqual(s.brackets[0]!.rungs[0]!.kept, ['r02', 'r04']);
});

test('a stored grid run answers every rung from its history: the whole search is decided, nothing to train', () => {
  const p = plan(9);
  const grid = new Map(p.map((r, i) => [r.id, stored(r, 9, (e) => (i * 10 + e) / 1000, 'done')]));
  const s = planSearch(p, grid, HALVING);
  assert.deepEqual(s.todo, []);
  assert.deepEqual(
    s.brackets[0]!.rungs.map((r) => [r.complete, r.kept]),
    [
      [true, ['r06', 'r07', 'r08']],
      [true, ['r08']],
      [true, []],
    ],
  );
  assert.equal(s.brackets[0]!.rungs[2]!.ranked[0]!.id, 'r08');
});

test('Hyperband deals the runs out to its brackets by id, each bracket starting at its own rung', () => {
  const p = plan(27);
  const s = planSearch(p, new Map(), { ...HALVING, method: 'hyperband' });
  assert.deepEqual(
    s.brackets.map((b) => [b.s, b.runs.length, b.rungs[0]!.epoch]),
    [
      [2, 14, 1], // n_s = 9, 5, 3 scaled to 27 runs: 14.3, 7.9, 4.8 by largest remainder
      [1, 8, 3],
      [0, 5, 9],
    ],
  );
  assert.deepEqual(
    s.brackets.flatMap((b) => b.runs).sort(),
    p.map((r) => r.id),
  );
  assert.deepEqual(new Set(s.todo.map((t) => t.stopAt)), new Set([1, 3, 9]));
});

test('runs of different datasets are searched apart', () => {
  const p = [...plan(3), ...plan(3).map((r) => ({ id: `f${r.id}`, spec: { ...r.spec, dataset: 'fashion-mnist' as const } }))];
  const s = planSearch(p, new Map(), HALVING);
  assert.deepEqual(
    s.brackets.map((b) => [b.dataset, b.runs.length]),
    [
      ['mnist', 3],
      ['fashion-mnist', 3],
    ],
  );
});
