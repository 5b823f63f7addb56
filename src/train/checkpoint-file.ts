// Checkpoint files, read and written by the worker between epochs. Writes are atomic (util/atomic.ts:
// all bytes, fsync, rename), so a kill -9 or a full disk at any moment leaves either the previous
// checkpoint or the new one.

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '../util/atomic.js';
import { decodeState, encodeState, type TrainState } from './checkpoint.js';

export function writeCheckpoint(path: string, state: TrainState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomicSync(path, encodeState(state));
}

/**
 * The saved state of run `id`, or undefined when there is none. A checkpoint that cannot be
 * used (corrupt, or of another run) is reported through `note` and ignored: the run starts afresh.
 */
export function readCheckpoint(path: string, id: string, note: (s: string) => void): TrainState | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    const state = decodeState(bytes);
    if (state.id !== id) throw new Error(`it belongs to run ${state.id}`);
    return state;
  } catch (err) {
    note(`ignoring checkpoint ${path}: ${(err as Error).message}; starting run ${id} afresh`);
    return undefined;
  }
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
