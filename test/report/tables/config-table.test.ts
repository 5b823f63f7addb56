import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupConfigs, hasReplicates, statusCounts } from '../../../src/report/runs/configs.js';
import { configTable } from '../../../src/report/tables/config-table.js';
import { FAILED, RUNS } from '../fixtures.js';
import { LR_001, LR_003, LR_01, REPLICATES } from '../sweep-fixtures.js';
import { VALIDATED } from '../validation-fixtures.js';

const HEADER =
  '| Config | Dataset | n | Final test acc | Best test acc | Final train loss | Layers | Optimizer | Batch | Params | Epochs | s/epoch | Status |';

function rows(md: string): string[] {
  return md.trimEnd().split('\n');
}

test('replicates (specs equal but for the seed) form one config, in plan order', () => {
  const configs = groupConfigs(REPLICATES);
  assert.deepEqual(
    configs.map((c) => [c.label, c.runs.length, c.done.length]),
    [
      ['lr 0.1', 3, 2],
      ['lr 0.03', 3, 3],
      ['lr 0.01', 3, 3],
    ],
  );
  assert.ok(hasReplicates(configs));
  assert.ok(!hasReplicates(groupConfigs(RUNS)));
});

test('three replicates make one row with mean ± sample std, checked by hand', () => {
  const lines = rows(configTable(LR_003));
  assert.equal(lines[0], HEADER.replace(' Config |', ''), 'one config: its label is its dataset, no Config column');
  assert.equal(lines.length, 3);
  // 97.80, 97.91, 98.02 → 97.91 ± 0.11; losses 0.05, 0.06, 0.07 → 0.0600 ± 0.0100; 2.25 s/epoch each.
  assert.equal(
    lines[2],
    '| mnist | 3 | 97.91 ± 0.11% | 97.91 ± 0.11% | 0.0600 ± 0.0100 | 784-128-64-10 relu | sgd lr=0.03 | 64 | 109,386 | 3 | 2.25 ± 0.00 | 3 done |',
  );
});

test('diverged replicates are counted and named, and left out of the means', () => {
  const lines = rows(configTable(REPLICATES));
  assert.equal(lines[0], HEADER);
  assert.equal(lines.length, 2 + 3);
  // 96.50 and 96.70 finished: mean 96.60, std √((0.1² + 0.1²) / 1) = 0.1414 → 0.14.
  assert.equal(
    lines[2],
    '| lr 0.1 | mnist | 2 | 96.60 ± 0.14% | 96.60 ± 0.14% | 0.0500 ± 0.0000 | 784-128-64-10 relu | sgd lr=0.1 | 64 | 109,386 | 3 | 2.25 ± 0.00 | 2 done, **1 diverged** |',
  );
  assert.match(lines[4]!, /^\| lr 0\.01 \| mnist \| 3 \| 96\.20 ± 0\.20% \| 96\.20 ± 0\.20% \| .* \| 3 \| 2\.25 ± 0\.00 \| 3 done \|$/);
});

test('a config where nothing finished shows dashes and its status', () => {
  const failedTwice = [FAILED, { ...FAILED, id: 'eeee5555ffff7777', spec: { ...FAILED.spec, seed: 2 } }];
  const line = rows(configTable(failedTwice))[2]!;
  assert.equal(line, '| mnist | 0 | — | — | — | 784-128-64-10 relu | sgd lr=1 | 64 | — | 3 | — | **2 failed** |');
  assert.equal(statusCounts([...LR_01, ...LR_001, FAILED]), '5 done, 1 diverged, 1 failed');
});

test('replicates with validation and early stopping: mean val acc and best epoch, runs stopped early counted', () => {
  const twice = [...VALIDATED, ...VALIDATED.map((r) => ({ ...r, id: `${r.id}2`, spec: { ...r.spec, seed: 2 } }))];
  const lines = rows(configTable(twice));
  assert.match(lines[0]!, /\| n \| Final val acc \| Final test acc \| Final train loss \| .* \| Epochs \| Best epoch \| s\/epoch \|/);
  assert.match(
    lines[4]!,
    /^\| lr 0\.01 \| .* \| 2 \| 83\.00 ± 0\.00% \| 82\.00 ± 0\.00% \| .* \| 4 \| 2\.0 ± 0\.0 \(2 stopped early\) \| 2\.25 ± 0\.00 \|/,
  );
});
