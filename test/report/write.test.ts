import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prettyJson, writeReport, type ReportInput } from '../../src/report/write.js';
import { buildPlots } from '../../src/report/plots.js';
import { RUNS } from './fixtures.js';
import { storedBeforeValidation, VALIDATED } from './validation-fixtures.js';
import { GRID, REPLICATES } from './sweep-fixtures.js';

const SOURCE = 'name: fixture-exp\ndataset: [mnist, fashion-mnist]\ntrain:\n  epochs: 3\n';
const INPUT: ReportInput = {
  experiment: {
    name: 'fixture-exp',
    description: 'The same MLP on digits and clothing.',
    file: 'experiments/fixture.yaml',
    source: SOURCE,
  },
  runs: RUNS,
};

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mlplab-report-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const EXPECTED = [
  'README.md',
  'index.html',
  'metrics.csv',
  'plots/final-accuracy.png',
  'plots/final-accuracy.svg',
  'plots/final-accuracy.vl.json',
  'plots/learning-curves.png',
  'plots/learning-curves.svg',
  'plots/learning-curves.vl.json',
  'plots/sweep.png',
  'plots/sweep.svg',
  'plots/sweep.vl.json',
  'runs.csv',
];

/** The README written in dir, after checking that it contains each of parts (named when missing). */
async function readmeIncludes(dir: string, parts: readonly string[]): Promise<string> {
  const md = await readFile(join(dir, 'README.md'), 'utf8');
  for (const part of parts) assert.ok(md.includes(part), part);
  return md;
}

test('writes the expected files and nothing else (no temp files left)', () =>
  inTempDir(async (dir) => {
    const out = join(dir, 'results', 'fixture-exp');
    const written = await writeReport(out, INPUT, (w) => assert.fail(w));
    assert.deepEqual(written.map((p) => relative(out, p)).sort(), EXPECTED);
    assert.deepEqual(await listAll(out), EXPECTED);
  }));

test('the same runs give byte-identical files', () =>
  inTempDir(async (dir) => {
    const a = await writeReport(join(dir, 'a'), INPUT);
    const b = await writeReport(join(dir, 'b'), { ...INPUT, runs: [...RUNS] });
    for (const [i, path] of a.entries()) assert.ok((await readFile(path)).equals(await readFile(b[i]!)), path);
  }));

test('the README says what was run and embeds the plots', () =>
  inTempDir(async (dir) => {
    await writeReport(dir, INPUT);
    const md = await readmeIncludes(dir, [
      '`experiments/fixture.yaml`',
      `\`\`\`yaml\n${SOURCE}\`\`\``,
      'Test CPU @ 3.0GHz (8 cores), linux-x64; Node v20.19.0; mlplab 0.1.0',
      '- Date: 2025-11-27',
      '- Runs: 3 (2 done, 1 failed), varying `dataset`, `train.optimizer.sgd.lr`',
      '| Run | Label |',
      '![Learning curves](plots/learning-curves.svg)',
      '![Final test accuracy](plots/final-accuracy.svg)',
      '![Final test accuracy across the sweep](plots/sweep.svg)',
      'Vega editor',
      '### Runs that did not finish',
      '    at Worker.<anonymous> (pool.js:1:1)',
    ]);
    assert.ok(md.startsWith('# fixture-exp\n\nThe same MLP on digits and clothing.\n'));
  }));

test('specs are pretty JSON that parses back', () =>
  inTempDir(async (dir) => {
    await writeReport(dir, INPUT);
    const text = await readFile(join(dir, 'plots', 'learning-curves.vl.json'), 'utf8');
    assert.ok(text.endsWith('}\n'));
    const spec = JSON.parse(text) as { $schema: string };
    assert.match(spec.$schema, /vega-lite\/v6\.json$/);
  }));

test('an empty experiment gets a README and CSV, and loses plots from an earlier report', () =>
  inTempDir(async (dir) => {
    await writeReport(dir, INPUT);
    const written = await writeReport(dir, { ...INPUT, runs: [] }, (w) => assert.fail(w));
    assert.deepEqual(
      written.map((p) => relative(dir, p)),
      ['runs.csv', 'metrics.csv', 'README.md'],
    );
    assert.deepEqual(await listAll(dir), ['README.md', 'metrics.csv', 'runs.csv']);
    const md = await readFile(join(dir, 'README.md'), 'utf8');
    assert.match(md, /No runs are stored yet/);
    assert.doesNotMatch(md, /## Plots/);
  }));

test('with replicates the README has one row per config and every run folded below', () =>
  inTempDir(async (dir) => {
    await writeReport(dir, { ...INPUT, runs: REPLICATES }, (w) => assert.fail(w));
    await readmeIncludes(dir, [
      '- Runs: 9 (8 done, 1 diverged): 3 configs × 3 seeds, varying `train.optimizer.sgd.lr`',
      'Every config: dataset mnist · layers 784-128-64-10 relu · batch 64 · params 109,386 · epochs 3.',
      '| Config | n | Final test acc |',
      '| lr 0.03 | 3 | **97.91 ± 0.11%** |',
      'Rows are ranked by final test accuracy, best first within each dataset; **bold**: the best.',
      '2 done, **1 diverged**',
      '<details>\n<summary>Every run (9)</summary>\n\n| Run | Label |',
      '| lr 0.1 · seed 3 |',
      '</details>',
    ]);
  }));

test('the README embeds every plot written, each with its caption on the next line', () =>
  inTempDir(async (dir) => {
    for (const runs of [RUNS, REPLICATES, GRID]) {
      await writeReport(dir, { ...INPUT, runs });
      const md = await readFile(join(dir, 'README.md'), 'utf8');
      const svgs = (await listAll(dir)).filter((f) => f.endsWith('.svg'));
      const plots = buildPlots(runs, { experiment: INPUT.experiment.name });
      assert.deepEqual(plots.map((p) => `plots/${p.stem}.svg`).sort(), svgs);
      for (const p of plots) assert.ok(md.includes(`![${p.title}](plots/${p.stem}.svg)\n\n_${p.caption}_\n`), p.stem);
    }
  }));

test('a sweep report is byte-identical when drawn twice', () =>
  inTempDir(async (dir) => {
    const a = await writeReport(join(dir, 'a'), { ...INPUT, runs: REPLICATES });
    const b = await writeReport(join(dir, 'b'), { ...INPUT, runs: [...REPLICATES] });
    for (const [i, path] of a.entries()) assert.ok((await readFile(path)).equals(await readFile(b[i]!)), path);
  }));

test('with validation: the val column explained, the best run’s confusion matrix and per-class table', () =>
  inTempDir(async (dir) => {
    const written = await writeReport(dir, { ...INPUT, runs: VALIDATED }, (w) => assert.fail(w));
    assert.ok(written.some((p) => p.endsWith('plots/confusion-fashion-mnist.svg')));
    await readmeIncludes(dir, [
      '| Final val acc | Final test acc |',
      'Runs are compared on validation accuracy',
      'The test set is for reporting only, never for choosing.',
      '| 3/4 | 2 (stopped early) |',
      '![Confusion matrix, fashion-mnist](plots/confusion-fashion-mnist.svg)\n\n_Test-set confusion matrix of run `va11dad2` (lr 0.03), the best of 3',
      '_\n\n| Class | Accuracy | Correct | Most common wrong prediction |\n| :--- | ---: | ---: | :--- |\n| T-shirt/top | 90.00% | 90 / 100 | Trouser (10) |',
      '| Shirt | 60.00% | 60 / 100 | T-shirt/top (25) |',
    ]);
  }));

test('results stored before validation still report, and lose a confusion matrix drawn earlier', () =>
  inTempDir(async (dir) => {
    await writeReport(dir, { ...INPUT, runs: VALIDATED });
    const old = [...RUNS, ...VALIDATED].map(storedBeforeValidation);
    await writeReport(dir, { ...INPUT, runs: old }, (w) => assert.fail(w));
    assert.ok(!(await listAll(dir)).some((f) => f.includes('confusion')));
    const md = await readFile(join(dir, 'README.md'), 'utf8');
    // Only the note suggesting a split names validation.
    const [note, ...others] = md
      .split('\n')
      .sort((a, b) => Number(b.startsWith('_Note:_ no run held out')) - Number(a.startsWith('_Note:_ no run held out')));
    assert.match(note!, /add `validation: 0\.1` under `train:`/);
    assert.doesNotMatch(others.join('\n'), /val acc|validation|Best epoch|Confusion/);
    assert.match(md, /\| `va11dad3` \| .* \| 3\/4 \| 2\.25 \| 82\.00% \|/);
  }));

test('pretty JSON: short values stay on one line, long ones are indented', () => {
  assert.equal(prettyJson({ a: [1, 2], b: { c: 'x' } }), '{"a": [1, 2], "b": {"c": "x"}}');
  assert.equal(prettyJson({ a: 'x'.repeat(30), b: 'y'.repeat(30) }, 40), `{\n  "a": "${'x'.repeat(30)}",\n  "b": "${'y'.repeat(30)}"\n}`);
});

test('pretty JSON: flat records in arrays are one line each, however long', () => {
  const rows = [
    { id: 'r'.repeat(50), v: 1 },
    { id: 's'.repeat(50), v: null },
  ];
  assert.equal(
    prettyJson({ values: rows }, 20),
    `{\n  "values": [\n    {"id": "${'r'.repeat(50)}", "v": 1},\n    {"id": "${'s'.repeat(50)}", "v": null}\n  ]\n}`,
  );
});

test('pretty JSON round-trips, dropping undefined and turning NaN into null as JSON does', () => {
  const value = { a: [1, { b: 'c' }], d: undefined, e: NaN, f: [] as number[], g: {} };
  assert.deepEqual(JSON.parse(prettyJson(value, 5)), JSON.parse(JSON.stringify(value)));
});
