// Every run file records the commit of the repository holding the experiment file, and whether
// tracked files (the results aside) differed from it; outside a repository, or without git, nothing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { changedPaths, gitState } from '../../src/run/git.js';
import { parseRunFile } from '../../src/run/run-file.js';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { TINY_EXPERIMENT, tempDir, writeExperiment, writeTinyData } from '../helpers/tiny.js';

// A temp dir is never inside a repository of the machine's, whatever lies above it.
process.env.GIT_CEILING_DIRECTORIES = tmpdir();

const FASHION = TINY_EXPERIMENT.replace('dataset: [mnist, fashion-mnist]', 'dataset: fashion-mnist');
const hasGit = (() => {
  try {
    execFileSync('git', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' }).trim();

/** `mlplab run` (retraining) in `dir`, and the env of its one stored run. */
async function runEnv(dir: string, data: string, file: string): Promise<RunResult['env']> {
  const results = join(dir, 'results');
  const r = await mlplabMain(['run', file, '--data-dir', data, '--allow-modified-data', '--results', results, '--force', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const runs = join(results, 'tiny', 'runs');
  const [name] = (await readdir(runs)).filter((n) => n.endsWith('.json'));
  // Read back as `report` and `run` read it: env.git is valid against schema/run.schema.json.
  return parseRunFile(await readFile(join(runs, name!), 'utf8'), name!.slice(0, -'.json'.length)).env;
}

test('a run records the commit, and dirty when tracked files other than the results changed', { skip: !hasGit }, async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, FASHION);
  await writeFile(join(dir, 'notes.txt'), 'a\n');
  git(dir, 'init', '-q');
  git(dir, 'add', 'tiny.yaml', 'notes.txt');
  git(dir, 'commit', '-q', '-m', 'experiment');
  const commit = git(dir, 'rev-parse', 'HEAD');
  // The data is untracked: untracked files do not make the tree dirty.
  assert.deepEqual((await runEnv(dir, data, file)).git, { commit, dirty: false });

  git(dir, 'add', 'results');
  git(dir, 'commit', '-q', '-m', 'results');
  const withResults = git(dir, 'rev-parse', 'HEAD');
  await writeFile(join(dir, 'notes.txt'), 'b\n');
  assert.deepEqual((await runEnv(dir, data, file)).git, { commit: withResults, dirty: true });

  // Back to the commit's notes: the run files just rewritten differ from it, but they are results.
  git(dir, 'checkout', '-q', '--', 'notes.txt');
  assert.notEqual(git(dir, 'status', '--porcelain', '--untracked-files=no'), '');
  assert.deepEqual((await runEnv(dir, data, file)).git, { commit: withResults, dirty: false });
});

test('outside a repository, or without git, a run records no commit', async (t) => {
  const dir = await tempDir(t);
  const data = await writeTinyData(dir);
  const file = await writeExperiment(dir, FASHION);
  assert.equal((await runEnv(dir, data, file)).git, undefined);
  if (hasGit) {
    git(dir, 'init', '-q');
    assert.equal(await gitState(file, join(dir, 'results')), undefined, 'no commit yet');
    git(dir, 'add', 'tiny.yaml');
    git(dir, 'commit', '-q', '-m', 'x');
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-bin');
    t.after(() => {
      process.env.PATH = path;
    });
    assert.equal(await gitState(file, join(dir, 'results')), undefined, 'git not installed');
    process.env.PATH = path;
    assert.equal((await gitState(file, join(dir, 'results')))?.dirty, false);
  }
});

test('changed paths are read from status -z, renames with their source', () => {
  assert.deepEqual(changedPaths(' M a b.txt\0R  new.txt\0old.txt\0M  results/x.json\0'), [
    'a b.txt',
    'new.txt',
    'old.txt',
    'results/x.json',
  ]);
  assert.deepEqual(changedPaths(''), []);
});
