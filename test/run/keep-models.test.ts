// keepModels (run/keep-models.ts) decides only about runs it knows stored: the staged network of a
// run that another process sharing the folder is training or storing is left for the next decision.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { runId } from '../../src/config/id.js';
import { keepModels } from '../../src/run/keep-models.js';
import { modelPath, stagedModelPath } from '../../src/run/store.js';
import { doneResult, linearRun } from '../helpers/spec.js';
import { tempDir } from '../helpers/tiny.js';

test('the best stored run is kept, a worse stored one dropped, and one not known stored left staged', async (t) => {
  const dir = await tempDir(t);
  const [a, b, c] = [1, 2, 3].map((seed) => {
    const spec = linearRun('exp', seed, 1);
    return { ...doneResult(runId(spec), spec), confusion: [[1]] };
  });
  const worse = { ...b!, final: { ...b!.final!, test_accuracy: 0.1 } };
  for (const r of [a!, b!, c!]) {
    mkdirSync(dirname(stagedModelPath(dir, r.id)), { recursive: true });
    writeFileSync(stagedModelPath(dir, r.id), 'weights');
  }
  const planned = [a!, b!, c!].map((r) => ({ id: r.id }));
  keepModels('best', planned, new Map([a!, worse].map((r) => [r.id, r])), dir, () => undefined);
  assert.ok(existsSync(modelPath(dir, a!.id)), 'the best is kept');
  assert.equal(existsSync(stagedModelPath(dir, b!.id)), false, 'a stored run that is not the best is dropped');
  assert.ok(existsSync(stagedModelPath(dir, c!.id)), 'a run not known stored keeps its staged network');
});
