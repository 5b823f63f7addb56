// A change to the numerics invalidates what it changes: a copy of this build with NUMERICS_VERSION
// bumped (the one constant such a change bumps) finds the runs this build stored stale — it says
// so, does not reuse them, shows them apart, and retrains them with --upgrade only.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NUMERICS_VERSION } from '../../src/train/numerics.js';
import type { RunResult } from '../../src/types.js';
import { mlplab } from '../helpers/spawn.js';
import { tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** This build, copied to `dir`, with the numerics version set to `version`. */
function bumpedCopy(dir: string, version: number): string {
  for (const part of ['bin', 'schema', 'assets', 'package.json', join('dist', 'src')])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const file = join(dir, 'dist', 'src', 'train', 'numerics.js');
  const source = readFileSync(file, 'utf8');
  const bumped = source.replace(`NUMERICS_VERSION = ${NUMERICS_VERSION};`, `NUMERICS_VERSION = ${version};`);
  assert.notEqual(bumped, source, 'the constant is where the test expects it');
  writeFileSync(file, bumped);
  return join(dir, 'bin', 'mlplab.js');
}

function spawnBin(bin: string, args: string[], cwd: string) {
  const env = { ...process.env, MLPLAB_DATA: '', XDG_CACHE_HOME: join(tmpdir(), 'mlplab-test-cache') };
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const storedRuns = (dir: string): RunResult[] => readdirSync(dir).map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as RunResult);

test('a bumped numerics version marks the stored runs stale: named, not reused, retrained with --upgrade', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir);
  const results = join(dir, 'results');
  const common = ['--data-dir', data, '--allow-modified-data', '--results', results, '--workers', '1'];
  const runs = join(results, 'tiny', 'runs');

  assert.equal(mlplab(['run', file, ...common], dir).code, 0);
  const before = storedRuns(runs);
  assert.ok(before.length === 2 && before.every((r) => r.env.numerics === NUMERICS_VERSION));

  mkdirSync(join(dir, 'next'));
  const next = bumpedCopy(join(dir, 'next'), NUMERICS_VERSION + 1);
  const plan = spawnBin(next, ['plan', file, ...common], dir);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /stale \(skipped; --upgrade\)/);

  // Not reused as current, not retrained either; the report keeps the previous one and says why.
  const run = spawnBin(next, ['run', file, ...common], dir);
  assert.match(run.stderr, /0 to train/);
  assert.match(
    run.stderr,
    new RegExp(`2 stored run\\(s\\) were computed by numerics version ${NUMERICS_VERSION}, not this mlplab's ${NUMERICS_VERSION + 1}`),
  );
  assert.match(run.stderr, /every stored run of this experiment is stale — retrain them with: mlplab run --upgrade/);
  assert.equal(run.code, 2);
  assert.deepEqual(storedRuns(runs), before, 'the stored runs are untouched');

  const upgrade = spawnBin(next, ['run', file, '--upgrade', ...common], dir);
  assert.equal(upgrade.code, 0, upgrade.stderr);
  assert.match(upgrade.stderr, /2 to train/);
  const after = storedRuns(runs);
  assert.deepEqual(
    after.map((r) => [r.id, r.env.numerics]),
    before.map((r) => [r.id, NUMERICS_VERSION + 1]),
    'the same runs (same ids), now of the new version',
  );

  // A current run and a stale one: the report shows the stale one apart, under its own heading.
  const [first, second] = after;
  writeFileSync(join(runs, `${first.id}.json`), JSON.stringify({ ...first, env: { ...first.env, numerics: NUMERICS_VERSION } }));
  const mixed = spawnBin(next, ['report', file, ...common], dir);
  assert.equal(mixed.code, 0, mixed.stderr);
  const readme = readFileSync(join(results, 'tiny', 'README.md'), 'utf8');
  const [main, apart] = readme.split('### Stale runs');
  assert.ok(apart !== undefined, 'a stale section');
  assert.match(apart, new RegExp(`\\| \`${first.id.slice(0, 8)}\` \\|`));
  assert.doesNotMatch(main, new RegExp(first.id.slice(0, 8)), 'the stale run is in no table above');
  assert.match(main, new RegExp(second.id.slice(0, 8)));
});
