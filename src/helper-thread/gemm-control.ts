// The control block that the calling thread and its gemm helper share (threaded-kernels.ts,
// gemm-helper.ts): Int32 slots in the model's arena. The caller writes a job's arguments, then
// bumps SEQ and notifies; each thread packs its half of A's panels and stores SEQ in its
// …_PACKED slot, waits for the other's, computes its columns; the helper then stores SEQ in DONE.

/** Slots: job number, last finished job, error flag, quit flag, helper ready, the packing slots of
 *  caller and helper, then 15 gemm arguments and the helper's rows of A to pack [from, to). */
export const SEQ = 0,
  DONE = 1,
  FAILED = 2,
  QUIT = 3,
  READY = 4,
  MAIN_PACKED = 5,
  HELPER_PACKED = 6,
  ARGS = 7;
export const GEMM_ARGS = 15;
export const CONTROL_INTS = ARGS + GEMM_ARGS + 2;

/** Waits until ctl[slot] holds `seq` (it held seq − 1). */
export function waitFor(ctl: Int32Array, slot: number, seq: number): void {
  while (waitChange(ctl, slot, seq - 1) !== seq) {
    /* an older value cannot come back */
  }
}

/** Packs rows [from, to) of op(A) for gemm(a, …, m, k, n, transA, …, ap, …): panels from row `from`. */
export function packRows(
  packA: (src: number, dst: number, count: number, k: number, sIdx: number, sK: number) => void,
  a: number,
  ap: number,
  m: number,
  k: number,
  transA: number,
  from: number,
  to: number,
): void {
  if (to <= from) return;
  packA(a + 4 * (transA ? from : from * k), ap + 4 * from * k, to - from, k, transA ? 1 : k, transA ? m : 1);
}

/**
 * Busy-wait iterations before falling back to Atomics.wait: long enough to catch the other
 * thread's next product, short enough not to burn a core through a longer wait.
 */
export const SPINS = 20000;

/** Waits until ctl[slot] differs from `value`: spins briefly, then sleeps on the slot. */
export function waitChange(ctl: Int32Array, slot: number, value: number): number {
  for (let i = 0; i < SPINS; i++) {
    const now = Atomics.load(ctl, slot);
    if (now !== value) return now;
  }
  for (;;) {
    Atomics.wait(ctl, slot, value);
    const now = Atomics.load(ctl, slot);
    if (now !== value) return now;
  }
}

export interface HelperData {
  memory: unknown; // the arena's shared WebAssembly.Memory
  control: number; // byte offset of the control block
}
