// Whether the runs of a sweep may take a helper thread each right now: one Int32 in shared memory,
// set by the main thread as runs finish and read by every worker's kernels before a large product.
// A plain Int32Array (not a class) so that it reaches the workers as the same shared memory.
// Opening or closing it mid-run changes only speed: split and unsplit products give the same bits.

export type ThreadGate = Int32Array;

export function newThreadGate(open = false): ThreadGate {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  setThreadGate(gate, open);
  return gate;
}

export function setThreadGate(gate: ThreadGate, open: boolean): void {
  Atomics.store(gate, 0, open ? 1 : 0);
}

export function threadGateOpen(gate: ThreadGate): boolean {
  return Atomics.load(gate, 0) !== 0;
}
