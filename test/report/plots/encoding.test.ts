import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BEST_FEW, encodeFactors } from '../../../src/report/plots/encoding.js';
import { groupConfigs } from '../../../src/report/runs/configs.js';
import type { RunResult } from '../../../src/types.js';
import { makeRun } from '../fixtures.js';
import { GRID, MANY, RANDOM } from '../sweep-fixtures.js';

const encode = (runs: readonly RunResult[]) => encodeFactors(groupConfigs(runs), false);

test('colour is the first swept factor, the same value the same colour on every dataset', () => {
  const e = encode(MANY);
  assert.equal(e.colourTitle, 'learning rate');
  assert.ok(e.colourIsFactor);
  assert.deepEqual(e.colourDomain, ['lr 0.003', 'lr 0.01', 'lr 0.03', 'lr 0.1', 'lr 0.3', 'lr 1'], 'ascending');
  const [mnist, fashion] = [MANY[0]!, MANY[6]!].map((r) => e.colour.get(groupConfigs(MANY).find((c) => c.runs.includes(r))!.label));
  assert.equal(mnist, fashion);
});

test('the second factor is the dash', () => {
  const e = encode(GRID);
  assert.deepEqual([e.colourTitle, e.dashTitle], ['learning rate', 'batch size']);
  assert.deepEqual(e.dashDomain, ['batch 32', 'batch 128']);
});

test('past 8 lines in a panel, all but the best few are grey', () => {
  const twelve = [0.3, 0.1, 0.03, 0.01].flatMap((lr, i) =>
    [32, 128, 512].map((batch, j) => makeRun({ id: `t${i}${j}0000000000000`, lr, batch, curve: [[0.5, 0.9 - i / 100 - j / 50]] })),
  );
  const e = encode(twelve);
  assert.equal(e.grey.size, 12 - BEST_FEW);
  assert.ok(!e.grey.has('lr 0.3 · batch 32'), 'the best keeps its colour');
  assert.ok(e.grey.has('lr 0.01 · batch 512'));
  assert.equal(encode(MANY).grey.size, 0, 'six a panel: every line coloured');
});

test('a random search (a value per config) colours by config, not by a factor', () => {
  const e = encode(RANDOM);
  assert.ok(!e.colourIsFactor);
  assert.equal(e.colourTitle, 'Run');
  assert.equal(new Set(e.colour.values()).size, RANDOM.length);
});
