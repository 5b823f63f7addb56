// The file is safetensors as others read it: an independent reader (Python's struct, json and
// NumPy, the format parsed by hand, not by mlplab) gets the same names, shapes, values and metadata.
// Skipped, saying why, where python3 with NumPy is not installed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { modelTensors } from '../../src/model-file/model-file.js';
import { tempDir } from '../helpers/tiny.js';
import { INFO, LAYERS, writeFixtureModel } from './fixture.js';

const READER = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
assert (8 + n) % 8 == 0, 'data section not 8-byte aligned'
header = json.loads(raw[8:8 + n].decode('utf-8'))
data = raw[8 + n:]
meta = header.pop('__metadata__')
out = {}
for name, t in header.items():
    assert t['dtype'] == 'F32'
    begin, end = t['data_offsets']
    a = np.frombuffer(data[begin:end], dtype='<f4').reshape(t['shape'])
    out[name] = {'shape': list(a.shape), 'values': a.astype(np.float64).ravel().tolist()}
print(json.dumps({'tensors': out, 'metadata': meta, 'order': sorted(header, key=lambda k: header[k]['data_offsets'][0])}))
`;

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

test('python3 + NumPy, parsing the format by hand, reads the tensors and metadata mlplab wrote', {
  skip: hasNumpy ? false : 'python3 with numpy is not installed',
}, async (t) => {
  const dir = await tempDir(t);
  const { path, model } = await writeFixtureModel(dir);
  const r = spawnSync('python3', ['-c', READER, path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const read = JSON.parse(r.stdout) as {
    tensors: Record<string, { shape: number[]; values: number[] }>;
    metadata: Record<string, string>;
    order: string[];
  };
  const ours = modelTensors(model, LAYERS);
  assert.deepEqual(
    read.order,
    ours.map(([name]) => name),
  );
  for (const [name, { shape, data }] of ours) {
    assert.deepEqual(read.tensors[name].shape, shape, name);
    assert.deepEqual(read.tensors[name].values, Array.from(data), name);
  }
  // BatchNorm's running statistics are in, as set (not the defaults 0 and 1).
  assert.ok(read.tensors['1.batchnorm.running_mean'].values.every((x) => x >= 0.5));
  assert.equal(read.metadata.run_id, INFO.run_id);
  assert.deepEqual(JSON.parse(read.metadata.layers), LAYERS);
  assert.deepEqual(JSON.parse(read.metadata.classes), INFO.classes);
  assert.equal(Number(read.metadata.mean), INFO.stats!.mean);
  assert.equal(Number(read.metadata.std), INFO.stats!.std);
});
