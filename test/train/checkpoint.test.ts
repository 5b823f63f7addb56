import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorruptCheckpoint, decodeState, encodeState, OutdatedCheckpoint, type TrainState } from '../../src/train/checkpoint.js';
import { train } from '../../src/train/train.js';
import type { EpochMetrics, RunSpec } from '../../src/types.js';
import { tinySplit } from '../helpers/tiny.js';
import { smallRun } from '../helpers/spec.js';

const spec: RunSpec = smallRun(6);
const data = { train: tinySplit(200, 1), test: tinySplit(50, 2), classes: 10 };
function epochOf(epoch: number): EpochMetrics {
  return { epoch, lr: 0.1, train_loss: 1, train_accuracy: 0.5, test_loss: 1.5, test_accuracy: 0.25, seconds: 0.01 };
}
const noTime = (o: ReturnType<typeof train>) => ({ ...o, epochs: o.epochs.map(({ seconds: _s, ...m }) => m) });

test('a checkpoint survives encoding bit for bit', () => {
  const state: TrainState = {
    id: 'abc',
    epoch: 2,
    history: [epochOf(1), epochOf(2)],
    shuffle: [1, 2, 3, 4],
    noise: [5, 6, 7, 8],
    params: [Float32Array.of(1.5, -2, 0), Float32Array.of(3)],
    optimizer: [Float32Array.of(0.25)],
    layers: [Float32Array.of(0.5, 2)],
    best: [Float32Array.of(9, 8, 7), Float32Array.of(6), Float32Array.of(5, 4)],
    order: Uint32Array.of(2, 0, 1),
  };
  assert.deepEqual(decodeState(encodeState(state), 'abc'), state);
  // As read from disk: a Node Buffer at an odd offset inside a larger pool.
  const bytes = encodeState(state);
  const pooled = Buffer.alloc(bytes.length + 3);
  pooled.set(bytes, 3);
  assert.deepEqual(decodeState(pooled.subarray(3), 'abc'), state);
});

const small: TrainState = {
  id: 'a',
  epoch: 1,
  history: [epochOf(1)],
  shuffle: [1, 2, 3, 4],
  noise: [1, 2, 3, 4],
  params: [Float32Array.of(0.5, -1, 2, 0, 3, 1, 1, 0)],
  optimizer: [],
  layers: [],
  best: [],
  order: Uint32Array.of(2, 0, 1),
};
const corrupt = (bytes: Uint8Array, why: RegExp) =>
  assert.throws(
    () => decodeState(bytes, 'a'),
    (e: Error) => e instanceof CorruptCheckpoint && why.test(e.message),
  );

test('a truncated, damaged or foreign checkpoint is refused', () => {
  const bytes = encodeState(small);
  corrupt(bytes.subarray(0, bytes.length - 4), /checksum/);
  corrupt(bytes.subarray(0, 20), /truncated|checksum/);
  corrupt(Uint8Array.of(...bytes, 0, 0, 0, 0), /checksum/);
  corrupt(new TextEncoder().encode('hello world, not a checkpoint'), /not an mlplab checkpoint/);
  // Another run's checkpoint, intact, is refused by its checksum (the id is part of it).
  assert.throws(() => decodeState(bytes, 'b'), /checksum/);
});

test('one flipped byte anywhere in a checkpoint is caught', () => {
  const bytes = encodeState(small);
  for (let at = 0; at < bytes.length; at++) {
    // 0x01 at byte 7 turns the tag MLPCKPT3 into MLPCKPT2: still corrupt, not an older format.
    for (const mask of [0x01, 0x80]) {
      const bad = Uint8Array.from(bytes);
      bad[at] ^= mask;
      assert.throws(() => decodeState(bad, 'a'), CorruptCheckpoint, `byte ${at}, mask ${mask}`);
    }
  }
});

test('an older checkpoint format is told apart from a corrupt one', () => {
  // MLPCKPT2 had this layout without the digest.
  const bytes = encodeState(small).slice(0, -32);
  bytes.set(new TextEncoder().encode('MLPCKPT2'), 0);
  assert.throws(
    () => decodeState(bytes, 'a'),
    (e: Error) => e instanceof OutdatedCheckpoint && /MLPCKPT2/.test(e.message),
  );
});

test('a checkpoint of other kernels is refused as out of date; one that does not say was wasm', () => {
  const outdated = (bytes: Uint8Array, kernels: string, why: RegExp) =>
    assert.throws(
      () => decodeState(bytes, 'a', kernels),
      (e: Error) => e instanceof OutdatedCheckpoint && why.test(e.message),
    );
  const blas = encodeState({ ...small, kernels: 'blas' });
  assert.equal(decodeState(blas, 'a', 'blas').kernels, 'blas');
  outdated(blas, 'wasm', /computed by the blas kernels \(this run trains with wasm/);
  const unsaid = encodeState(small);
  assert.equal(decodeState(unsaid, 'a', 'wasm').epoch, 1);
  outdated(unsaid, 'blas', /computed by the wasm kernels/);
  corrupt(encodeState({ ...small, kernels: 7 as unknown as string }), /kernels 7 is not a name/);
});

test('a checkpoint with a good checksum but impossible contents is refused', () => {
  const bad = (change: Partial<TrainState>, why: RegExp) => corrupt(encodeState({ ...small, ...change }), why);
  bad({ params: [Float32Array.of(0.5, NaN, 2, 0, 3, 1, 1, 0)] }, /params array 0 holds NaN at index 1/);
  bad({ optimizer: [Float32Array.of(Infinity)] }, /optimizer array 0 holds Infinity/);
  bad({ epoch: 2 }, /history does not hold 2 epochs/);
  bad({ history: [{ ...epochOf(1), epoch: 3 }] }, /history entry 1/);
  bad({ history: [{ ...epochOf(1), test_accuracy: 7 }] }, /accuracy outside/);
  bad({ shuffle: [0, 0, 0, 0] }, /shuffle generator state/);
});

test('resuming from any epoch ends bit-identical to an uninterrupted run', () => {
  const saved: Uint8Array[] = [];
  const full = train(spec, 'run', data, { onCheckpoint: (s) => saved.push(encodeState(s)) });
  assert.equal(saved.length, 6);
  for (const at of [1, 3, 5]) {
    const resumed = train(spec, 'run', data, {}, decodeState(saved[at - 1], 'run'));
    assert.deepEqual(noTime(resumed), noTime(full), `resumed after epoch ${at}`);
  }
});

test('a label outside the classes fails the run with a clear error', () => {
  const bad = { ...data, train: { ...data.train, labels: data.train.labels.map((l, i) => (i === 7 ? 12 : l)) } };
  assert.throws(() => train(spec, 'run', bad), /training label 12 at index 7 is out of range for 10 classes/);
});

test('a resume state that does not fit the run is refused before anything is restored', () => {
  const saved: TrainState[] = [];
  const full = train(spec, 'run', data, { onCheckpoint: (s) => saved.push(decodeState(encodeState(s), 'run')) });
  const at2 = saved[1];
  const cases: [Partial<TrainState>, RegExp][] = [
    [{ order: at2.order.map((v, i) => (i === 5 ? 0xffffffff : v)) }, /not a permutation/],
    [{ order: at2.order.map((v, i) => (i === 5 ? at2.order[6] : v)) }, /not a permutation/],
    [{ order: at2.order.subarray(1) }, /not a permutation/],
    [{ params: at2.params.slice(1) }, /params arrays do not fit/],
  ];
  for (const [change, why] of cases) {
    const refused: string[] = [];
    const out = train(
      spec,
      'run',
      data,
      { onResumeRefused: (r) => refused.push(r), onResumed: () => assert.fail('resumed') },
      { ...at2, ...change },
    );
    assert.match(refused.join(), why);
    assert.deepEqual(noTime(out), noTime(full), 'trained from scratch instead');
  }
});
