// A damaged model file is the user's problem, not a bug: exit 2, the file named, what is wrong said.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { mlplabMain } from '../helpers/main.js';
import { tempDir } from '../helpers/tiny.js';
import { editHeader, writeFixtureModel } from './fixture.js';

const CASES: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
  ['truncated to 5 bytes', (b) => b.subarray(0, 5), /truncated: 5 bytes/],
  [
    'truncated in the data',
    (b) => b.subarray(0, b.length - 12),
    /data_offsets \[\d+, \d+\] outside the \d+ bytes of data \(truncated file\?\)/,
  ],
  ['a header length past the end', (b) => b.subarray(0, 200), /the header length says \d+ bytes, the file has 192/],
  ['bad header JSON', (b) => Uint8Array.from(b, (x, i) => (i === 8 ? 0x78 : x)), /header is not valid JSON/],
  [
    'offsets out of range',
    (b) => editHeader(b, (h) => (h['0.linear.b'].data_offsets = [0, 1 << 30])),
    /"0.linear.b" has data_offsets \[0, 1073741824\] outside/,
  ],
  [
    'a shape mismatch',
    (b) => editHeader(b, (h) => (h['0.linear.W'].shape = [12, 64])),
    /"0.linear.W" has shape \[12,64\], the layer stack needs \[64,12\]/,
  ],
  [
    'a shape that does not fit its offsets',
    (b) => editHeader(b, (h) => (h['1.batchnorm.running_var'].shape = [13])),
    /shape \[13\] needs 52 bytes, its offsets span 48/,
  ],
  [
    'a missing tensor',
    (b) => editHeader(b, (h) => delete h['1.batchnorm.running_mean']),
    /overlap or gap|"1.batchnorm.running_mean" is missing/,
  ],
  ['another dtype', (b) => editHeader(b, (h) => (h['3.linear.b'].dtype = 'F16')), /"3.linear.b" has dtype "F16"; only F32 is read/],
  ['no layer stack', (b) => editHeader(b, (h) => (h.__metadata__.layers = '[{"conv": {}}]')), /metadata "layers" is not a layer stack/],
  [
    'a layer stack that cannot be built',
    (b) => editHeader(b, (h) => (h.__metadata__.layers = '[{"linear": {}}]')),
    /cannot be built|shape/,
  ],
];

for (const [name, damage, problem] of CASES) {
  test(`a model file with ${name}: eval and predict exit 2 naming it`, async (t) => {
    const dir = await tempDir(t);
    const { bytes } = await writeFixtureModel(dir);
    const bad = join(dir, 'bad.safetensors');
    await writeFile(bad, damage(bytes));
    for (const args of [
      ['eval', bad],
      ['predict', bad, join(dir, 'x.csv')],
    ]) {
      const r = await mlplabMain(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^mlplab: .*bad\.safetensors: /);
      assert.match(r.stderr, problem);
      assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
    }
  });
}
