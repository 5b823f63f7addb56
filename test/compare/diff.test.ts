// `mlplab diff` in a real git repository: run files committed, then changed, added, removed or
// retrained under another spec in the working tree; the diff reads the commit through git.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { legacyRunId, runId } from '../../src/config/id.js';
import { runPath, runsDir, writeRun } from '../../src/run/store.js';
import type { RunResult, RunSpec } from '../../src/types.js';
import { machine } from '../../src/version.js';
import { mlplabMain } from '../helpers/main.js';
import { doneResult, linearRun } from '../helpers/spec.js';
import { tempDir } from '../helpers/tiny.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });

/** A run of `spec` whose final test accuracy is `acc`. */
function result(spec: RunSpec, acc: number): RunResult {
  const r = doneResult(runId(spec), spec);
  return { ...r, final: { ...r.final!, test_accuracy: acc } };
}

/** A git repository with results/e/runs/ committed from `runs`; returns the folder and the results path. */
async function repoWith(t: TestContext, write: (dir: string) => Promise<void>) {
  const dir = await tempDir(t);
  git(dir, 'init', '-q');
  const exp = join(dir, 'results', 'e');
  await write(exp);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'results');
  return { dir, exp, results: join(dir, 'results') };
}

test('diff names the runs added, removed and changed since a commit, with the deltas', async (t) => {
  const [one, two, three] = [1, 2, 3].map((seed) => linearRun('e', seed, 2));
  const { exp, results } = await repoWith(t, async (e) => {
    await writeRun(e, result(one!, 0.5));
    await writeRun(e, result(two!, 0.7));
  });
  await writeRun(exp, result(one!, 0.6));
  await rm(runPath(exp, runId(two!)));
  await writeRun(exp, result(three!, 0.8));
  const md = await mlplabMain(['diff', '--results', results]);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /1 changed, 1 added, 1 removed, 0 unchanged/);
  assert.match(md.stdout, /seed 1 .*50\.00% → 60\.00% \| \+10\.00 pp/);
  const json = await mlplabMain(['diff', 'HEAD', '--json', '--results', results]);
  const [d] = JSON.parse(json.stdout).experiments;
  assert.equal(d.changed[0].after.id, runId(one!));
  assert.ok(Math.abs(d.changed[0].delta.test_accuracy - 0.1) < 1e-12);
  assert.deepEqual([d.added[0].id, d.removed[0].id], [runId(three!), runId(two!)]);
  // Nothing changed since the commit: said in one line.
  git(join(results, '..'), 'add', '-A');
  git(join(results, '..'), 'commit', '-q', '-m', 'again');
  assert.match((await mlplabMain(['diff', '--results', results])).stdout, /No change in \*\*e\*\* \(2 runs\)/);
});

test('runs of mlplab 0.1 at the commit, retrained under a changed spec, pair by spec without the change', async (t) => {
  const before = [1, 2].map((seed) => linearRun('e', seed, 2));
  const { exp, results } = await repoWith(t, async (e) => {
    await mkdir(runsDir(e), { recursive: true });
    const { numerics: _, ...env } = machine();
    for (const spec of before) {
      const old = legacyRunId(spec);
      await writeFile(runPath(e, old), JSON.stringify({ ...result(spec, 0.5), id: old, env }));
    }
  });
  await rm(runsDir(exp), { recursive: true });
  // train.epochs changed for every run: every id changes with it.
  for (const seed of [1, 2]) await writeRun(exp, result(linearRun('e', seed, 3), 0.9));
  const { code, stdout, stderr } = await mlplabMain(['diff', 'HEAD', '--results', results]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /2 changed, 0 added, 0 removed/);
  assert.match(stdout, /matched by their spec without `train\.epochs`/);
  assert.match(stdout, /2 runs changed numerics version \(1 → \d+;/);
  assert.match(stdout, /\+40\.00 pp/);
});

test("a revision that is not a commit is the user's mistake: one line, exit 2", async (t) => {
  const { results } = await repoWith(t, (e) => writeRun(e, result(linearRun('e', 1, 2), 0.5)).then(() => undefined));
  const { code, stderr } = await mlplabMain(['diff', 'no-such-branch', '--results', results]);
  assert.equal(code, 2);
  assert.match(stderr, /^mlplab: diff: "no-such-branch" is not a commit here\n$/);
});
