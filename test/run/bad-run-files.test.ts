// Damaged run files in the store, through main(): a truncated file, garbage, a file
// holding only {"id","status":"done"}, another run's result under this run's name. `report`,
// `plan` and `run` each name the file in one line and carry on without it (no stack trace, no
// exit 70); `run` trains that run again and its new result replaces the file.

import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

const mlplab = (args: string[]) => mlplabMain([...args, '--allow-modified-data']);

const comparable = (r: RunResult) => ({
  id: r.id,
  spec: r.spec,
  status: r.status,
  final: r.final,
  epochs: r.epochs.map(({ seconds: _s, ...m }) => m),
});
const healthy = (stderr: string): void => {
  assert.doesNotMatch(stderr, /internal error/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
};

const BAD: Record<string, (good: string, other: string) => string> = {
  'a truncated file': (good) => good.slice(0, Math.floor(good.length / 2)),
  garbage: () => '\u0000\u0001 not json at all \uFFFD',
  'only {"id","status":"done"}': (good) => JSON.stringify({ id: (JSON.parse(good) as RunResult).id, status: 'done' }),
  "another run's result": (_good, other) => other,
};

test('bad run files are named, left out, and retrained by run, report and plan alike', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  const first = await mlplab(['run', file, '--data-dir', data, '--results', join(dir, 'clean'), '--workers', '2', '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  const runs = join(dir, 'clean', 'tiny', 'runs');
  const [victim, other] = readdirSync(runs).sort();
  const good = readFileSync(join(runs, victim), 'utf8');
  const id = victim.slice(0, -'.json'.length);

  for (const [name, damage] of Object.entries(BAD)) {
    const results = join(dir, `out-${Object.keys(BAD).indexOf(name)}`);
    cpSync(join(dir, 'clean'), results, { recursive: true });
    const path = join(results, 'tiny', 'runs', victim);
    const bad = damage(good, readFileSync(join(runs, other), 'utf8'));
    writeFileSync(path, bad);
    const named = new RegExp(
      `^mlplab: ${path.replace(/[.]/g, '\\.')} is not a valid run file \\(.+\\) — left out of the report; \`mlplab run\` retrains its run$`,
      'm',
    );
    const common = ['--data-dir', data, '--results', results];

    const report = await mlplab(['report', file, ...common]);
    assert.equal(report.code, 0, `${name}: ${report.stderr}`);
    healthy(report.stderr);
    assert.match(report.stderr, named, name);
    assert.equal(report.stderr.split('\n').filter((l) => l.includes(victim)).length, 1, `${name}: named once`);
    assert.doesNotMatch(
      readFileSync(join(results, 'tiny', 'README.md'), 'utf8'),
      new RegExp(id.slice(0, 8)),
      `${name}: left out of the report`,
    );

    const plan = await mlplab(['plan', file, ...common]);
    assert.equal(plan.code, 0, `${name}: ${plan.stderr}`);
    healthy(plan.stderr);
    assert.match(plan.stderr, named, name);
    assert.match(plan.stdout, /1 stored, 1 to train/, name);
    assert.equal(readFileSync(path, 'utf8'), bad, `${name}: report and plan leave the file as it was`);

    const run = await mlplab(['run', file, ...common]);
    assert.equal(run.code, 0, `${name}: ${run.stderr}`);
    healthy(run.stderr);
    assert.match(run.stderr, named, name);
    assert.match(run.stderr, /2 run\(s\) planned, 1 already in .*, 1 to train/, name);
    const retrained = JSON.parse(readFileSync(path, 'utf8')) as RunResult;
    assert.deepEqual(comparable(retrained), comparable(JSON.parse(good) as RunResult), `${name}: retrained to the same result`);
    assert.match(readFileSync(join(results, 'tiny', 'README.md'), 'utf8'), new RegExp(id.slice(0, 8)));
  }
});

test('when no valid run is left, report says so and exits 2', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  assert.equal((await mlplab(['run', file, '--data-dir', data, '--results', join(dir, 'out'), '--workers', '2', '--quiet'])).code, 0);
  const runs = join(dir, 'out', 'tiny', 'runs');
  for (const name of readdirSync(runs)) writeFileSync(join(runs, name), '{"id":');
  const r = await mlplab(['report', file, '--data-dir', data, '--results', join(dir, 'out')]);
  assert.equal(r.code, 2, r.stderr);
  healthy(r.stderr);
  assert.match(
    r.stderr,
    /no valid stored runs of this experiment \(2 run file\(s\) are not valid, named above\) — train them with: mlplab run /,
  );
});
