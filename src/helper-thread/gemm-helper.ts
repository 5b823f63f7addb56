// The helper thread of threaded-kernels.ts: instantiates the kernel module on the model's shared
// memory and runs its half of the products it is handed through the control block.

import { workerData } from 'node:worker_threads';
import type { WasmMemory } from '../nn/kernels/wasm/api.js';
import { instantiate, type KernelExports } from '../nn/kernels/wasm/module.js';
import {
  ARGS,
  CONTROL_INTS,
  DONE,
  FAILED,
  GEMM_ARGS,
  HELPER_PACKED,
  MAIN_PACKED,
  QUIT,
  READY,
  SEQ,
  type HelperData,
  packRows,
  waitChange,
  waitFor,
} from './gemm-control.js';

const data = workerData as HelperData;
const memory = data.memory as WasmMemory;
const fn = instantiate(memory);
const ctl = new Int32Array(memory.buffer, data.control, CONTROL_INTS);

type Gemm = Parameters<KernelExports['gemm']>;

let seen = 0; // the caller posts no job before READY, but may post QUIT
Atomics.store(ctl, READY, 1);
Atomics.notify(ctl, READY);
for (;;) {
  seen = waitChange(ctl, SEQ, seen);
  if (Atomics.load(ctl, QUIT) !== 0) break;
  const args = Array.from(ctl.subarray(ARGS, ARGS + GEMM_ARGS)) as Gemm;
  const [a, , , m, k, , transA, , , ap] = args;
  try {
    packRows(fn.packA, a, ap, m, k, transA, ctl[ARGS + GEMM_ARGS], ctl[ARGS + GEMM_ARGS + 1]);
  } catch {
    Atomics.store(ctl, FAILED, 1);
  }
  Atomics.store(ctl, HELPER_PACKED, seen);
  Atomics.notify(ctl, HELPER_PACKED);
  waitFor(ctl, MAIN_PACKED, seen);
  try {
    fn.gemm(...args);
  } catch {
    Atomics.store(ctl, FAILED, 1);
  }
  Atomics.store(ctl, DONE, seen);
  Atomics.notify(ctl, DONE);
}
