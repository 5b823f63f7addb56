// A report drawn while a search waits at a rung (every run paused, none finished: what a follow-up
// job on Slurm or `mlplab report` mid-chain draws) renders every plot without a vega warning:
// empty layers are shown by the plots' own text, not by "Infinite extent" noise on stderr.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlots } from '../../../src/report/plots.js';
import { renderSvg } from '../../../src/report/plots/render.js';
import { searchReport } from '../../../src/report/search/search-report.js';
import type { RunResult } from '../../../src/types.js';
import { HALVING_SPEC, WHOLE } from '../search-fixtures.js';

const PAUSED: RunResult[] = WHOLE.map((r): RunResult => {
  const { confusion: _c, best_epoch: _b, ...rest } = r;
  const epochs = r.epochs.slice(0, 1);
  const { epoch: _e, lr: _l, seconds: _s, ...final } = epochs[0]!;
  return { ...rest, status: 'paused', rung: 1, epochs, final };
});

test('every plot of a search paused at its first rung renders without a warning, and says the runs are paused', async () => {
  const search = searchReport(
    HALVING_SPEC,
    WHOLE.map((r) => ({ id: r.id, spec: r.spec })),
    PAUSED,
  )!;
  const plots = buildPlots(PAUSED, { experiment: 'mid-search', search });
  assert.ok(plots.length >= 3, plots.map((p) => p.stem).join(', '));
  for (const { stem, spec } of plots) {
    const warnings: string[] = [];
    const svg = await renderSvg(spec, (w) => warnings.push(w));
    assert.deepEqual(warnings, [], stem);
    assert.ok(svg.startsWith('<svg'), stem);
  }
  const bars = await renderSvg(plots.find((p) => p.stem === 'final-accuracy')!.spec);
  assert.ok(bars.includes('paused'), 'the bar chart names the paused runs');
});
