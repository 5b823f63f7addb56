import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { version, type TopLevelSpec } from 'vega-lite';
import { buildPlots, PLOT_STEMS, VEGA_LITE_SCHEMA, type PlotStem } from '../../src/report/plots.js';
import { accuracyAxisStart } from '../../src/report/plots/final-accuracy.js';
import { compileToVega } from '../../src/report/plots/render.js';
import type { RunResult } from '../../src/types.js';
import { DIVERGED, FAILED, FASHION, makeRun, MNIST, RUNS } from './fixtures.js';
import { GRID, MANY, RANDOM, REPLICATES } from './sweep-fixtures.js';
import { SMALL_CONFUSION, storedBeforeValidation, VALIDATED } from './validation-fixtures.js';
import { GRID_SEARCH, HALVED, HYPERBAND } from './search-fixtures.js';
import type { SearchReport } from '../../src/report/search/search-report.js';

const require = createRequire(import.meta.url);
const schema = require('vega-lite/vega-lite-schema.json') as object;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

/** The lr × batch grid again on Fashion-MNIST: a heatmap per dataset. */
const GRID_2 = [...GRID, ...GRID.map((r) => ({ ...r, id: `f${r.id}`, spec: { ...r.spec, dataset: 'fashion-mnist' as const } }))];

/** VALIDATED trained again with another seed: replicates with validation curves. */
const VALIDATED_2 = [...VALIDATED, ...VALIDATED.map((r) => ({ ...r, id: `${r.id}2`, spec: { ...r.spec, seed: 2 } }))];

/** Both datasets with a 3-class confusion matrix each (their registries name 10 classes). */
const TWO_MATRICES = [MNIST, FASHION].map((r) => ({ ...r, confusion: SMALL_CONFUSION }));

const SCENARIOS: Record<string, RunResult[]> = {
  runs: RUNS,
  'with a diverged run': [...RUNS, DIVERGED],
  'only a failure': [FAILED],
  replicates: REPLICATES,
  grid: GRID,
  'grid with a run missing': GRID.slice(1),
  'grid on two datasets': GRID_2,
  'random search': RANDOM,
  'many configs': MANY,
  'validation and early stopping': VALIDATED,
  'validation with replicates': VALIDATED_2,
  'validation, many configs': [...MANY, ...VALIDATED],
  'two confusion matrices': TWO_MATRICES,
  'stored before validation': [...RUNS, ...VALIDATED].map(storedBeforeValidation),
};

const spec = (runs: readonly RunResult[], stem: PlotStem) => buildPlots(runs).find((p) => p.stem === stem)?.spec;
/** A spec as plain JSON, to look into without the compiler's types. */
const json = <T = Record<string, unknown>>(s: TopLevelSpec | undefined): T => JSON.parse(JSON.stringify(s)) as T;

/** Searches: the rung plot needs the search's plan beside the runs. */
const SEARCHES: Record<string, { runs: RunResult[]; search: SearchReport }> = {
  'halving over a stored grid': GRID_SEARCH,
  'halving as run': HALVED,
  'hyperband as run': HYPERBAND,
};

const ALL_SCENARIOS: [string, RunResult[], SearchReport | undefined][] = [
  ...Object.entries(SCENARIOS).map(([name, runs]): [string, RunResult[], undefined] => [name, runs, undefined]),
  ...Object.entries(SEARCHES).map(([name, s]): [string, RunResult[], SearchReport] => [name, s.runs, s.search]),
];

for (const [name, runs, search] of ALL_SCENARIOS) {
  for (const plot of buildPlots(runs, { search })) {
    test(`${plot.stem} (${name}) validates against the Vega-Lite schema`, () => {
      const ok = validate(JSON.parse(JSON.stringify(plot.spec)));
      assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    });
    test(`${plot.stem} (${name}) compiles without warnings`, () => {
      const warnings: string[] = [];
      const vg = compileToVega(plot.spec, (w) => warnings.push(w));
      assert.ok(Array.isArray(vg.marks) || Array.isArray(vg.data));
      assert.deepEqual(warnings, []);
    });
  }
}

test('every plot in PLOTS is drawn by some scenario above, so each is validated and compiled', () => {
  const drawn = new Set(ALL_SCENARIOS.flatMap(([, runs, search]) => buildPlots(runs, { search }).map((p) => p.stem)));
  assert.deepEqual(
    PLOT_STEMS.filter((s) => !drawn.has(s)),
    [],
  );
});

test('$schema names the installed Vega-Lite major version', () => {
  assert.equal(VEGA_LITE_SCHEMA, `https://vega.github.io/schema/vega-lite/v${version.split('.')[0]}.json`);
});

test('plots with nothing to draw are left out', () => {
  assert.deepEqual(
    buildPlots(RUNS).map((p) => p.stem),
    PLOT_STEMS.filter((s) => !s.startsWith('confusion-') && s !== 'rungs'),
  );
  assert.deepEqual(
    buildPlots([MNIST, FASHION]).map((p) => p.stem),
    ['learning-curves', 'final-accuracy'],
    'no numeric field varies: no sweep',
  );
  assert.deepEqual(
    buildPlots([FAILED]).map((p) => p.stem),
    ['final-accuracy'],
  );
  assert.deepEqual(buildPlots([]), []);
});

test('every plot has a title, a one-line caption, and inline data', () => {
  for (const [, runs, search] of ALL_SCENARIOS) {
    for (const plot of buildPlots(runs, { search })) {
      assert.ok(plot.title && plot.caption.endsWith('.') && !plot.caption.includes('\n'), plot.caption);
      assert.ok('values' in json<{ data: object }>(plot.spec).data, plot.stem);
    }
  }
});

test('final accuracy: one bar per run, the reason where there is no value', () => {
  const bars = json<{ data: { values: { label: string; text: string }[] } }>(spec(RUNS, 'final-accuracy'));
  assert.deepEqual(
    bars.data.values.map((v) => [v.label, v.text]),
    [
      ['fashion-mnist · lr 0.1', '85.77%'],
      ['mnist · lr 0.1', '97.11%'],
      ['mnist · lr 1', 'failed'],
    ],
  );
});

test('final accuracy with replicates: mean ± std per config, a dot per seed, diverged seeds named', () => {
  const values = json<{ data: { values: { kind: string; text?: string }[] } }>(spec(REPLICATES, 'final-accuracy')).data.values;
  assert.deepEqual(
    values.filter((v) => v.kind === 'config').map((v) => v.text),
    ['96.60 ± 0.14% (1 diverged)', '97.91 ± 0.11%', '96.20 ± 0.20%'],
  );
  assert.equal(values.filter((v) => v.kind === 'run').length, 8, 'one dot per finished seed');
});

test('learning curves with replicates: mean rows with a band, stopped runs drawn on their own', () => {
  const rows = json<{ data: { values: Record<string, unknown>[] } }>(spec(REPLICATES, 'learning-curves')).data.values;
  const mean = rows.filter((r) => r.kind === 'mean');
  assert.equal(mean.length, 3 * 3, 'three configs × three epochs');
  const last = mean.find((r) => r.label === 'lr 0.03' && r.epoch === 3)!;
  assert.ok(Math.abs((last.test_accuracy as number) - 0.9791) < 1e-12);
  assert.ok(Math.abs((last.test_accuracy_hi as number) - (last.test_accuracy_lo as number) - 0.0022) < 1e-12);
  assert.equal(rows.filter((r) => r.kind === 'stopped').length, 2, 'the diverged seed, both its epochs');
});

test('learning curves over two datasets: a row of panels per dataset', () => {
  const curves = json<{ concat?: { title: string }[]; columns?: number }>(spec(MANY, 'learning-curves'));
  assert.equal(curves.columns, 2);
  assert.deepEqual(
    curves.concat?.map((p) => p.title.split(':')[0]),
    ['fashion-mnist', 'fashion-mnist', 'mnist', 'mnist'],
  );
  assert.equal(
    json<{ hconcat?: unknown[] }>(spec(REPLICATES, 'learning-curves')).hconcat?.length,
    2,
    'one dataset: accuracy and loss side by side',
  );
  assert.equal(
    json<{ concat?: unknown[] }>(spec(RUNS, 'learning-curves')).concat?.length,
    4,
    'two datasets, even with few runs: a row each',
  );
});

test('the accuracy axis starts a little below the worst run, on a tenth', () => {
  assert.equal(accuracyAxisStart([0.9711, 0.8577]), 0.8);
  assert.equal(accuracyAxisStart([0.975]), 0.9);
  assert.equal(accuracyAxisStart([0.9]), 0.8);
  assert.equal(accuracyAxisStart([0.03]), 0);
  assert.equal(accuracyAxisStart([]), 0);
});

test('the title names the experiment', () => {
  const s = buildPlots(RUNS, { experiment: 'mnist-vs-fashion' }).find((p) => p.stem === 'final-accuracy')!.spec as {
    title: { text: string };
  };
  assert.equal(s.title.text, 'mnist-vs-fashion: final test accuracy');
});

test('every dataset has a confusion stem, so a stale matrix is removed', () => {
  assert.deepEqual(
    PLOT_STEMS.filter((s) => s.startsWith('confusion-')),
    ['confusion-mnist', 'confusion-fashion-mnist'],
  );
  assert.deepEqual(
    buildPlots(TWO_MATRICES)
      .map((p) => p.stem)
      .slice(-2),
    ['confusion-fashion-mnist', 'confusion-mnist'],
    'in report order',
  );
});

test('confusion matrix: the best run by validation, class names on both axes, a cell per pair', () => {
  const plot = buildPlots(VALIDATED).find((p) => p.stem === 'confusion-fashion-mnist')!;
  const s = json<{
    title: { text: string; subtitle: string[] };
    data: { values: Record<string, unknown>[] };
    encoding: Record<string, { sort: string[] }>;
  }>(plot.spec);
  assert.equal(s.title.text, 'fixture-exp: fashion-mnist, run va11dad2');
  assert.deepEqual(s.title.subtitle, ['lr 0.03', 'best of 3 by validation accuracy (88.00%); test 86.00%']);
  assert.equal(s.encoding.y!.sort[0], 'T-shirt/top');
  assert.deepEqual(s.encoding.x!.sort, s.encoding.y!.sort);
  assert.equal(s.data.values.length, 100);
  const shirts = s.data.values.find((v) => v.true_class === 'Shirt' && v.predicted === 'T-shirt/top')!;
  assert.deepEqual([shirts.count, shirts.share], [25, 0.25]);
  assert.match(plot.caption, /run `va11dad2` \(lr 0\.03\), the best of 3 fashion-mnist runs by final validation accuracy/);
  assert.match(plot.details!, /^\| Class \| Accuracy \| Correct \| Most common wrong prediction \|\n/);
});

test('confusion matrix without validation says it was chosen on test accuracy', () => {
  const s = json<{ title: { subtitle: string[] } }>(
    spec([...TWO_MATRICES, { ...MNIST, id: 'zzzz9999', confusion: SMALL_CONFUSION }], 'confusion-mnist'),
  );
  assert.match(s.title.subtitle.at(-1)!, /best of 2 by test accuracy \(97\.11%\): no validation split/);
});

test('learning curves with validation: a validation panel first, sharing the test panel’s range; a ring where early stopping kept', () => {
  const curves = json<{
    hconcat: { title: string; encoding: { y: { scale: { domain: number[] } } } }[];
    data: { values: Record<string, unknown>[] };
  }>(spec(VALIDATED, 'learning-curves'));
  assert.deepEqual(
    curves.hconcat.map((p) => p.title),
    ['Validation accuracy per epoch', 'Test accuracy per epoch', 'Train loss per epoch (log scale)'],
  );
  assert.deepEqual(curves.hconcat[0]!.encoding.y.scale.domain, curves.hconcat[1]!.encoding.y.scale.domain);
  const kept = curves.data.values.filter((v) => v.kind === 'kept');
  assert.deepEqual(
    kept.map((v) => [v.label, v.epoch, v.val_accuracy]),
    [['lr 0.01', 2, 0.83]],
  );
});

test('learning curves by dataset: three panels a row with validation, rows of their own when datasets differ', () => {
  const validated = (['mnist', 'fashion-mnist'] as const).flatMap((dataset) =>
    [0.3, 0.1, 0.03, 0.01, 0.003, 0.001].map((lr, i) =>
      makeRun({
        id: `v${dataset}${i}`,
        dataset,
        lr,
        curve: [
          [0.5, 0.9],
          [0.4, 0.91],
        ],
        val: [0.89, 0.9],
      }),
    ),
  );
  assert.equal(json<{ columns: number }>(spec(validated, 'learning-curves')).columns, 3);
  const mixed = json<{ vconcat: { hconcat: { title: string }[] }[] }>(spec([...MANY, ...VALIDATED], 'learning-curves'));
  assert.deepEqual(
    mixed.vconcat.map((r) => r.hconcat.length),
    [3, 2],
    'mnist held nothing out: no empty validation panel',
  );
});

test('old results: curves without validation fields, no confusion matrix', () => {
  const old = [...RUNS, ...VALIDATED].map(storedBeforeValidation);
  assert.deepEqual(
    buildPlots(old).map((p) => p.stem),
    ['learning-curves', 'final-accuracy', 'sweep'],
  );
  const rows = json<{ concat: unknown[]; data: { values: Record<string, unknown>[] } }>(spec(old, 'learning-curves'));
  assert.equal(rows.concat.length, 4, 'accuracy and loss, a row per dataset');
  assert.ok(rows.data.values.every((v) => !('val_accuracy' in v)));
});
