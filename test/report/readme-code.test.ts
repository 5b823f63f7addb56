// The README's "What was run" names the commit each run was trained at (env.git), so a committed
// result leads back to the code that made it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReadme } from '../../src/report/readme.js';
import type { RunResult } from '../../src/types.js';
import { FASHION, MNIST } from './fixtures.js';

const readme = (runs: RunResult[]): string =>
  buildReadme({ experiment: { name: 'x', description: 'x', file: 'x.yaml', source: 'name: x\n' }, runs }, []);
const at = (run: RunResult, commit: string, dirty = false): RunResult => ({ ...run, env: { ...run.env, git: { commit, dirty } } });
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

test('one commit for every run: named once', () => {
  assert.match(readme([at(MNIST, A), at(FASHION, A)]), /^- Code: commit `aaaaaaaaaaaa`$/m);
});

test('several commits, or a dirty tree: each with its run count', () => {
  // In the report's row order (fashion-mnist before mnist).
  assert.match(
    readme([at(MNIST, A), at(FASHION, B, true)]),
    /^- Code: commits `bbbbbbbbbbbb` with uncommitted changes \(1 run\), `aaaaaaaaaaaa` \(1 run\)$/m,
  );
  assert.match(readme([at(MNIST, A), FASHION]), /^- Code: commit `aaaaaaaaaaaa` \(1 run\)$/m);
});

test('runs trained outside a git repository: no line', () => {
  assert.doesNotMatch(readme([MNIST, FASHION]), /Code:/);
});
