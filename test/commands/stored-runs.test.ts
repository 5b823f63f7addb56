// Commands that need no repeating: `report` draws every stored run (those of `run --set` too) without
// the flags or the data, `--plan-only` keeps the plan's; `plan` counts the stored runs outside it and
// works without the data.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatPlan } from '../../src/commands/plan-table.js';
import { estimatePlan } from '../../src/commands/plan.js';
import { mlplabMain } from '../helpers/main.js';
import { notInstalled, twoRuns } from '../helpers/two-runs.js';

process.env.XDG_CACHE_HOME = join(tmpdir(), 'mlplab-test-cache'); // checksums.json goes there, not to the user's cache

test('report draws every stored run, those of run --set too, without --set and without the data', async (t) => {
  const { data, file, results, plan, other, log, readme } = await twoRuns(t);
  // The experiment's name comes from the file, --set name= included.
  const elsewhere = await mlplabMain(['report', file, '--set', 'name=other', '--results', results]);
  assert.equal(elsewhere.code, 2);
  assert.match(elsewhere.stderr, /other: no stored runs of this experiment yet/);
  // The report `run --set` wrote at its end already holds both runs, and its log names the one outside its plan.
  assert.match(log, new RegExp(`^note: the report includes 1 stored run\\(s\\) not in this plan: ${plan} .*mlplab prune`, 'm'));
  for (const id of [plan, other]) assert.ok((await readme()).includes(id.slice(0, 8)), `run's report has ${id}`);
  await rm(data, { recursive: true });
  const r = await mlplabMain(['report', file, '--results', results]);
  assert.equal(r.code, 0, r.stderr);
  const text = await readme();
  for (const id of [plan, other]) assert.ok(text.includes(id.slice(0, 8)), `report has ${id}`);
  assert.match(text, /epochs/); // what differs is a column of its own
});

test('report --plan-only draws only the runs of the file as planned', async (t) => {
  const { data, file, results, plan, other, readme } = await twoRuns(t);
  const r = await mlplabMain(['report', file, '--plan-only', '--data-dir', data, '--allow-modified-data', '--results', results]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`1 stored run\\(s\\) are not in the plan and are left out of the report: ${other}`));
  const text = await readme();
  assert.ok(text.includes(plan.slice(0, 8)));
  assert.ok(!text.includes(other.slice(0, 8)));
});

test('plan counts the stored runs outside it and, without the data, plans with their checksum', async (t) => {
  const { dir, data, file, results } = await twoRuns(t);
  const withData = formatPlan(await estimatePlan({ file, dataDir: data, allowModifiedData: true, resultsRoot: results, workers: 1 }));
  assert.match(withData, /^tiny: 1 run on 1 dataset, 1 stored, 0 to train$/m);
  assert.match(withData, /^1 stored run is not in this plan \(the report still draws them\): mlplab prune .*tiny\.yaml lists them\.$/m);
  assert.doesNotMatch(withData, /not found on this machine/);

  const without = formatPlan(await estimatePlan({ file, resultsRoot: results, workers: 1, entries: notInstalled(dir) }));
  assert.match(
    without,
    /^fashion-mnist: not found on this machine, planned with the data checksum its stored runs recorded \([0-9a-f]{12}…\)$/m,
  );
  assert.match(without, /^tiny: 1 run on 1 dataset, 1 stored, 0 to train$/m);
  // With nothing stored to go by, the official files' checksum, as before.
  const empty = formatPlan(await estimatePlan({ file, resultsRoot: join(dir, 'empty'), workers: 1, entries: notInstalled(dir) }));
  assert.match(empty, /0 stored, 1 to train/);
  assert.doesNotMatch(empty, /not found on this machine|not in this plan/);
});
