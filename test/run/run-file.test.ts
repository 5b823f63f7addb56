// schema/run.schema.json and the checks beside it: every committed run file passes, and each way
// a file can be wrong is refused with the field that is wrong.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InvalidRunFile, parseRunFile } from '../../src/run/run-file.js';
import type { RunResult } from '../../src/types.js';

const RESULTS = fileURLToPath(new URL('../../../results/', import.meta.url));
const committed = readdirSync(RESULTS)
  .map((e) => join(RESULTS, e, 'runs'))
  .filter(existsSync)
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => join(dir, n)),
  );
const idOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1, -'.json'.length);

test('every committed run file is valid', () => {
  assert.ok(committed.length > 0, 'results/*/runs/*.json found');
  for (const path of committed) assert.doesNotThrow(() => parseRunFile(readFileSync(path, 'utf8'), idOf(path)), path);
});

const sample = committed.find((p) => (JSON.parse(readFileSync(p, 'utf8')) as RunResult).spec.train.early_stopping !== null)!;
const good = JSON.parse(readFileSync(sample, 'utf8')) as RunResult;
const refused = (text: string, why: RegExp, id = good.id) =>
  assert.throws(
    () => parseRunFile(text, id),
    (e: Error) => e instanceof InvalidRunFile && why.test(e.message),
    why.source,
  );
const edited = (change: (r: RunResult & Record<string, unknown>) => void): string => {
  const r = structuredClone(good) as RunResult & Record<string, unknown>;
  change(r);
  return JSON.stringify(r);
};

test('a file that is not JSON, or empty, is refused', () => {
  refused('', /the file is empty/);
  refused(JSON.stringify(good).slice(0, 300), /not JSON/);
  refused('\u0000garbage', /not JSON/);
});

test('a file holding only {"id","status":"done"} is refused by the schema', () => {
  refused(JSON.stringify({ id: good.id, status: 'done' }), /^missing field "spec"$/);
});

test('each field is checked, and named when wrong', () => {
  refused(
    edited((r) => {
      r.epochs[1].test_accuracy = 7;
    }),
    /^epochs\[1\]\.test_accuracy: must be <= 1$/,
  );
  refused(
    edited((r) => {
      r.final = null;
    }),
    /^final: must be object$/,
  );
  refused(
    edited((r) => {
      r.epochs = [];
    }),
    /^epochs: must NOT have fewer than 1 items$/,
  );
  refused(
    edited((r) => {
      delete r.best_epoch;
    }),
    /^missing field "best_epoch"$/,
  );
  refused(
    edited((r) => {
      r.confusion![0][0] = -1;
    }),
    /^confusion\[0\]\[0\]: must be >= 0$/,
  );
  refused(
    edited((r) => {
      r.extra = 1;
    }),
    /^unknown field "extra"$/,
  );
  refused(
    edited((r) => {
      r.spec.model.layers[0] = { conv: {} } as never;
    }),
    /^spec\.model\.layers\[0\]: unknown field "conv"$/,
  );
  refused(
    edited((r) => {
      r.spec.train.early_stopping = { metric: 'val_loss' } as never;
    }),
    /^spec\.train\.early_stopping: missing field "patience"$/,
  );
  refused(
    edited((r) => {
      delete (r.timing as Partial<RunResult['timing']>).finished;
    }),
    /^timing: missing field "finished"$/,
  );
});

test('a file must hold the run its name says, with the spec its id hashes', () => {
  refused(JSON.stringify(good), /^id: "\w+" is not the file's name$/, '0123456789ab');
  refused(
    edited((r) => {
      r.spec.train.epochs += 1;
    }),
    /^spec: its hash is \w{12}, not the id \w{12} \(the spec was edited\)$/,
  );
});

test('a diverged or failed run may have no final metrics', () => {
  const diverged = edited((r) => {
    r.status = 'diverged';
    r.final = null;
    r.error = 'loss became NaN at epoch 2, batch 1';
    delete r.best_epoch;
  });
  assert.equal(parseRunFile(diverged, good.id).status, 'diverged');
});

test('the validator npm run build generates gives what ajv compiles at run time, errors and all', async () => {
  const { createRequire } = await import('node:module');
  const Ajv2020 = (await import('ajv/dist/2020.js')).default;
  const { RUN_VALIDATOR_OPTIONS, runSchemas } = await import('../../src/run/run-schema.js');
  const generated = createRequire(import.meta.url)('../../src/run/run-file.validate.cjs') as {
    default: ((data: unknown) => boolean) & { errors?: unknown };
  };
  const ajv = new Ajv2020.default(RUN_VALIDATOR_OPTIONS);
  const { experiment, run } = runSchemas();
  ajv.addSchema(experiment);
  const compiled = ajv.compile(run);
  const { spec: _spec, ...noSpec } = good;
  const cases: unknown[] = [good, { id: good.id, status: 'done' }, noSpec, { ...good, params: -1 }, { ...good, extra: 1 }];
  for (const data of cases) {
    assert.equal(generated.default(data), compiled(data));
    assert.deepEqual(generated.default.errors ?? null, compiled.errors ?? null);
  }
});
