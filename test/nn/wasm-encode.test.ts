import assert from 'node:assert/strict';
import { test } from 'node:test';
import { s32, u32 } from '../../src/nn/kernels/wasm/encode.js';
import { kernelModuleBytes } from '../../src/nn/kernels/wasm/module.js';

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
