// kill -9 in the middle of a rung, through the real binary: a plain rerun resumes from the stored
// run files and checkpoints alone (there is no other state) and ends with the run files of an
// uninterrupted search, timings aside.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir, writeExperiment } from '../helpers/tiny.js';
import { comparableRuns, HALVING, writeHalvingData } from './fixture.js';

const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));
// Wide enough that an epoch takes a noticeable time, so a kill lands inside a rung.
const SLOW = HALVING.replace('[{ linear: 16 }, relu, linear]', '[{ linear: 256 }, relu, { linear: 64 }, relu, linear]').replace(
  'units: [4, 8, 16]',
  'units: [128, 256, 384]',
);

const args = (file: string, data: string, results: string) => [
  BIN,
  'run',
  file,
  '--data-dir',
  data,
  '--allow-modified-data',
  '--results',
  results,
  '--workers',
  '2',
  '--quiet',
];

/** The stored run files and how many epochs each holds. */
function epochsStored(results: string): number[] {
  const runs = join(results, 'h', 'runs');
  if (!existsSync(runs)) return [];
  return readdirSync(runs)
    .filter((n) => n.endsWith('.json'))
    .map((n) => (JSON.parse(readFileSync(join(runs, n), 'utf8')) as { epochs: unknown[] }).epochs.length);
}

async function waitFor(cond: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.on('exit', resolve));

test('kill -9 in the first rung and in the second, then a rerun: the run files of an uninterrupted search', async (t) => {
  const dir = await tempDir(t, 'mlplab-halving-kill-');
  const data = await writeHalvingData(dir, 3000);
  const file = await writeExperiment(dir, SLOW, 'h.yaml');
  const clean = spawnSync(process.execPath, args(file, data, join(dir, 'clean')), { cwd: dir, encoding: 'utf8' });
  assert.equal(clean.status, 0, clean.stderr);
  const cases: [string, (e: number[]) => boolean][] = [
    ['in rung 1', (e) => e.length >= 2],
    ['in rung 2', (e) => e.some((n) => n >= 2)],
  ];
  for (const [name, when] of cases) {
    const results = join(dir, name.replaceAll(' ', '-'));
    const child = spawn(process.execPath, args(file, data, results), { cwd: dir, stdio: 'ignore' });
    await waitFor(() => when(epochsStored(results)), name);
    await new Promise((r) => setTimeout(r, Math.random() * 60)); // somewhere in an epoch
    child.kill('SIGKILL');
    await exited(child);
    assert.ok(epochsStored(results).filter((n) => n === 9).length === 0, `${name}: killed before the search ended`);
    const rerun = spawnSync(process.execPath, args(file, data, results), { cwd: dir, encoding: 'utf8' });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.deepEqual(await comparableRuns(results), await comparableRuns(join(dir, 'clean')), name);
  }
});
