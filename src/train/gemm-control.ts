// The control block that the calling thread and its gemm helper share (threaded-kernels.ts,
// gemm-helper.ts): Int32 slots in the model's arena. The caller writes a job's arguments, then
// bumps SEQ and notifies; the helper runs the job and stores that SEQ in DONE, then notifies.

/** Slots: job sequence number, last finished job, error flag, quit flag, helper ready, then 15 gemm arguments. */
export const SEQ = 0, DONE = 1, FAILED = 2, QUIT = 3, READY = 4, ARGS = 5;
export const CONTROL_INTS = ARGS + 15 + 1;

/** Busy-wait iterations before falling back to Atomics.wait (about 0.1–0.3 ms). */
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
