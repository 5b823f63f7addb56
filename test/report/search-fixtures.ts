// A halving search over a 3 × 3 × 3 grid (lr × batch × width, 9 epochs, eta 3) for report tests:
// GRID_SEARCH as a stored grid answers it (every run whole), HALVED as a halving run leaves it
// (pruned runs cut at their rung), HYPERBAND the same grid searched by Hyperband.

import type { SearchSpec } from '../../src/config/experiment.js';
import { fateOf, searchReport, type SearchReport } from '../../src/report/search/search-report.js';
import type { LayerSpec, RunResult } from '../../src/types.js';
import { makeRun } from './fixtures.js';

export const HALVING_SPEC: SearchSpec = { method: 'halving', metric: 'val_accuracy', min_epochs: 1, eta: 3 };

const stack = (units: number): LayerSpec[] => [{ linear: { units, init: 'he' } }, { relu: {} }, { linear: { units: 10, init: 'he' } }];

/** Learning curves that rise towards a config's own ceiling, some fast, some slow. */
export const WHOLE: RunResult[] = [0.3, 0.1, 0.03].flatMap((lr, i) =>
  [32, 128, 512].flatMap((batch, j) =>
    [32, 64, 128].map((units, k) => {
      const ceiling = 0.9 + (2 - i) / 100 + (2 - j) / 150 + k / 200;
      const speed = 0.25 + (2 - i) * 0.2 + (2 - j) * 0.1;
      const acc = (e: number) => ceiling - (ceiling - 0.3) * Math.exp(-speed * e);
      const curve = Array.from({ length: 9 }, (_, e): [number, number] => [2 * (1 - acc(e + 1)) + 0.05, acc(e + 1) - 0.005]);
      return makeRun({
        id: `${i}${j}${k}0c0ffee00`.slice(0, 12),
        lr,
        batch,
        layers: stack(units),
        epochs: 9,
        curve,
        val: curve.map((_, e) => acc(e + 1)),
        confusion: Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 900 : 3))),
      });
    }),
  ),
);

const planned = WHOLE.map((r) => ({ id: r.id, spec: r.spec }));

export const GRID_SEARCH: { runs: RunResult[]; search: SearchReport } = {
  runs: WHOLE,
  search: searchReport(HALVING_SPEC, planned, WHOLE)!,
};

/** The runs as `mlplab run` stores them: a run pruned at a rung holds its epochs up to it. */
function asHalved(spec: SearchSpec): { runs: RunResult[]; search: SearchReport } {
  const fate = fateOf(searchReport(spec, planned, WHOLE)!);
  const runs = WHOLE.map((r): RunResult => {
    const f = fate.get(r.id)!;
    if (f.kind !== 'pruned') return r;
    const epochs = r.epochs.slice(0, f.stoppedAt);
    const { confusion: _c, best_epoch: _b, ...rest } = r;
    const last = epochs.at(-1)!;
    const { epoch: _e, lr: _l, seconds: _s, ...final } = last;
    return { ...rest, status: 'pruned', rung: f.stoppedAt, epochs, final };
  });
  return { runs, search: searchReport(spec, planned, runs)! };
}

export const HALVED = asHalved(HALVING_SPEC);
export const HYPERBAND = asHalved({ ...HALVING_SPEC, method: 'hyperband' });
