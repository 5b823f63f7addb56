import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flatten, s32, u32 } from '../../src/nn/kernels/wasm/encode.js';
import { kernelModuleBytes } from '../../src/nn/kernels/wasm/module.js';
import { F32, I32, block, br_if, get, set } from '../../src/nn/kernels/wasm/ops.js';

test('unsigned LEB128', () => {
  assert.deepEqual([0, 127, 128, 624485, 0xffffffff].map(u32), [[0], [127], [0x80, 1], [0xe5, 0x8e, 0x26], [0xff, 0xff, 0xff, 0xff, 0x0f]]);
});

test('signed LEB128', () => {
  assert.deepEqual([0, -1, 63, 64, -64, -65, -123456].map(s32), [[0], [0x7f], [0x3f], [0xc0, 0], [0x40], [0xbf, 0x7f], [0xc0, 0xbb, 0x78]]);
});

test('the kernel module is valid WebAssembly', () => {
  const { WebAssembly } = globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } };
  assert.ok(WebAssembly.validate(kernelModuleBytes()));
});

test('nested code flattens to its bytes in order: operands, then the instruction', () => {
  assert.deepEqual(flatten([1, [2, [3, []], 4], [], [[5]]]), [1, 2, 3, 4, 5]);
  const x = { index: 0, type: 'i32' as const },
    y = { index: 200, type: 'i32' as const };
  // (local.set $y (i32.add (local.get $x) (i32.const -1))): 200 is two LEB128 bytes.
  assert.deepEqual(flatten(set(y, I32.add(get(x), I32.const(-1)))), [0x20, 0, 0x41, 0x7f, 0x6a, 0x21, 0xc8, 0x01]);
  assert.deepEqual(flatten(block(br_if(0, I32.load(get(x), 8)))), [0x02, 0x40, 0x20, 0, 0x28, 2, 8, 0x0d, 0, 0x0b]);
  assert.deepEqual(flatten(F32.const(1)), [0x43, 0, 0, 0x80, 0x3f]);
});
