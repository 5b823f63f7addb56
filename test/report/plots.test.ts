import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { version } from 'vega-lite';
import { accuracyAxisStart } from '../../src/report/final-accuracy.js';
import { buildPlots, plotStems, PLOT_STEMS, VEGA_LITE_SCHEMA } from '../../src/report/plots.js';
import { compileToVega } from '../../src/report/render.js';
import { DIVERGED, FAILED, RUNS } from './fixtures.js';

const require = createRequire(import.meta.url);
const schema = require('vega-lite/vega-lite-schema.json') as object;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

for (const runs of [RUNS, [...RUNS, DIVERGED], [FAILED]]) {
  const specs = buildPlots(runs);
  for (const stem of plotStems(specs)) {
    const spec = specs[stem]!;
    test(`${stem} (${runs.length} runs) validates against the Vega-Lite schema`, () => {
      const ok = validate(JSON.parse(JSON.stringify(spec)));
      assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    });
    test(`${stem} (${runs.length} runs) compiles without warnings`, () => {
      const warnings: string[] = [];
      const vg = compileToVega(spec, (w) => warnings.push(w));
      assert.ok(Array.isArray(vg.marks) || Array.isArray(vg.data));
      assert.deepEqual(warnings, []);
    });
  }
}

test('$schema names the installed Vega-Lite major version', () => {
  assert.equal(VEGA_LITE_SCHEMA, `https://vega.github.io/schema/vega-lite/v${version.split('.')[0]}.json`);
});

test('plots with nothing to draw are left out', () => {
  assert.deepEqual(plotStems(buildPlots(RUNS)), [...PLOT_STEMS]);
  assert.deepEqual(plotStems(buildPlots([FAILED])), ['final-accuracy']);
  assert.deepEqual(plotStems(buildPlots([])), []);
});

test('specs inline their data, have a title and sizes', () => {
  const specs = buildPlots(RUNS);
  for (const stem of PLOT_STEMS) {
    const spec = specs[stem] as unknown as Record<string, unknown>;
    assert.ok('values' in (spec.data as object), stem);
    assert.ok(spec.title, stem);
  }
  const curves = specs['learning-curves'] as { data: { values: unknown[] }; hconcat: { width: number; height: number }[] };
  assert.equal(curves.data.values.length, 6, 'one row per run × epoch');
  assert.equal(curves.hconcat.length, 2, 'accuracy and loss panels');
  for (const panel of curves.hconcat) assert.ok(panel.width > 0 && panel.height > 0);
  const bars = specs['final-accuracy'] as { width: number; data: { values: { label: string; text: string }[] } };
  assert.ok(bars.width > 0);
  assert.deepEqual(
    bars.data.values.map((v) => [v.label, v.text]),
    [['fashion-mnist · lr 0.1', '85.77%'], ['mnist · lr 0.1', '97.11%'], ['mnist · lr 1', 'failed']],
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
  const spec = buildPlots(RUNS, { experiment: 'mnist-vs-fashion' })['final-accuracy'] as { title: { text: string } };
  assert.equal(spec.title.text, 'mnist-vs-fashion: final test accuracy');
});
