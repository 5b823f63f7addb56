// `mlplab prune`: lists the stored runs outside the plan, checkpoints never resumed and run files
// that are not valid, and deletes them only with --yes; without the data it goes by the stored runs.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findPrunable } from '../../src/commands/prune.js';
import { runId } from '../../src/config/id.js';
import type { RunResult } from '../../src/types.js';
import { mlplabMain } from '../helpers/main.js';
import { notInstalled, storedIds, twoRuns } from '../helpers/two-runs.js';

process.env.XDG_CACHE_HOME = join(tmpdir(), 'mlplab-test-cache'); // checksums.json goes there, not to the user's cache

test('prune lists what the plan never uses, and deletes it only with --yes', async (t) => {
  const { data, file, results, plan, other } = await twoRuns(t);
  const tiny = join(results, 'tiny');
  const invalid = join(tiny, 'runs', 'ffffffffffff.json');
  await writeFile(invalid, '{"id": "ffffffffffff"}\n');
  await mkdir(join(tiny, '.checkpoints'), { recursive: true });
  const orphan = join(tiny, '.checkpoints', `${plan}.ckpt`); // its run is stored: never resumed
  await writeFile(orphan, 'x');
  const args = ['prune', file, '--data-dir', data, '--allow-modified-data', '--results', results];

  const listed = await mlplabMain(args);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /^tiny: 3 file\(s\) in .* that the plan will never use:$/m);
  assert.match(listed.stdout, new RegExp(`^  run ${other}  fashion-mnist  train\\.epochs=1  .*${other}\\.json$`, 'm'));
  assert.match(listed.stdout, /^ {2}not a valid run file {2}.*ffffffffffff\.json$/m);
  assert.match(listed.stdout, new RegExp(`^  checkpoint ${plan}  \\(its run is stored\\)  .*${plan}\\.ckpt$`, 'm'));
  assert.match(listed.stdout, /^Nothing deleted: mlplab prune .* --yes deletes them/m);
  for (const path of [invalid, orphan, join(tiny, 'runs', `${other}.json`)]) assert.ok(existsSync(path), path);

  const pruned = await mlplabMain([...args, '--yes']);
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.match(pruned.stdout, /^Deleted 3 file\(s\)\.$/m);
  assert.deepEqual(await storedIds(results), [plan]);
  assert.ok(!existsSync(invalid) && !existsSync(orphan));
  // The report drew the pruned run; redrawn, it shows the plan's run alone.
  assert.match(pruned.stdout, /^report: .*README\.md$/m);
  const readme = await readFile(join(tiny, 'README.md'), 'utf8');
  assert.ok(readme.includes(plan.slice(0, 8)) && !readme.includes(other.slice(0, 8)), 'the report no longer draws the pruned run');
  const again = await mlplabMain(args);
  assert.match(again.stdout, /nothing to prune/);
});

test('without the data, prune goes by the stored runs, and refuses when they were trained on different data', async (t) => {
  const { dir, file, results, plan, other } = await twoRuns(t);
  const opts = { file, resultsRoot: results, yes: false, entries: notInstalled(dir) };
  assert.deepEqual(
    (await findPrunable(opts)).files.map((f) => f.line.split('  ')[0]),
    [`run ${other}`],
  );
  // The same run on other bytes: which of the two is the plan's can only be told from the data.
  const run = JSON.parse(await readFile(join(results, 'tiny', 'runs', `${plan}.json`), 'utf8')) as RunResult;
  const spec = { ...run.spec, dataset_sha256: 'f'.repeat(64) };
  const id = runId(spec);
  await writeFile(join(results, 'tiny', 'runs', `${id}.json`), JSON.stringify({ ...run, id, spec }));
  await assert.rejects(findPrunable(opts), /^UsageError: fashion-mnist: not found on this machine, .* pass --data-dir DIR/);
});
