import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Arena } from '../../src/nn/kernels/arena.js';
import { WasmKernels } from '../../src/nn/kernels/wasm-kernels.js';

test('views are zeroed, 64-byte aligned and do not overlap', () => {
  const arena = new Arena();
  const views = [3, 1, 16, 0, 5].map((n) => arena.f32(n));
  for (const v of views) {
    assert.ok(v.every((x) => x === 0));
    assert.equal(v.byteOffset % 64, 0);
  }
  for (let i = 1; i < views.length; i++) assert.ok(views[i].byteOffset >= views[i - 1].byteOffset + views[i - 1].byteLength);
});

test('growing the memory keeps every earlier view valid (no stale views)', () => {
  const K = new WasmKernels(64 * 1024);
  const W = K.alloc(6),
    X = K.alloc(2);
  W.set([1, 2, 3, 4, 5, 6]);
  X.set([1, 1]);
  const big = K.alloc(4 << 20); // 16 MiB: the memory grows
  big[big.length - 1] = 1;
  assert.equal(W.length, 6);
  assert.deepEqual([...W], [1, 2, 3, 4, 5, 6]);
  const Y = K.alloc(3);
  K.matmul(X, W, Y, 1, 2, 3); // old views, new view, one memory
  assert.deepEqual([...Y], [5, 7, 9]);
  W[0] = 10;
  K.matmul(X, W, Y, 1, 2, 3);
  assert.deepEqual([...Y], [14, 7, 9]);
});

test('an arena owns its views only', () => {
  const a = new Arena(),
    b = new Arena();
  const v = a.f32(4);
  assert.ok(a.owns(v) && a.owns(v.subarray(1)));
  assert.ok(!b.owns(v));
  assert.ok(!a.owns(new Float32Array(4)));
});

test('a recycled kernel set hands its memory, zeroed, to the next one made in the thread, once', () => {
  const first = new WasmKernels();
  const W = first.alloc(5000),
    bytes = first.allocBytes(333);
  W.fill(7);
  bytes.fill(9);
  first.axpy(2, W, W, 5000); // the module wrote there too
  first.recycle();
  const next = new WasmKernels();
  assert.equal(next.arena.memory, first.arena.memory, 'same memory');
  const V = next.alloc(5000),
    more = next.allocBytes(333);
  assert.equal(V.byteOffset, W.byteOffset, 'allocation starts from the bottom again');
  assert.ok(V.every((x) => x === 0) && more.every((x) => x === 0), 'zero-filled as fresh memory is');
  const X = next.alloc(2),
    Y = next.alloc(3);
  V.set([1, 2, 3, 4, 5, 6]);
  X.set([1, 1]);
  next.matmul(X, V, Y, 1, 2, 3); // the reused instance computes in the reused memory
  assert.deepEqual([...Y], [5, 7, 9]);
  assert.notEqual(new WasmKernels().arena.memory, first.arena.memory, 'the spare went to one kernel set only');
  assert.throws(() => first.recycle(), /recycled already/, 'a second recycle would share the memory with next');
});
