// Checkpoint files, read and written by the worker between epochs. Writes are atomic (temp file,
// fsync, rename), so a kill -9 at any moment leaves either the previous checkpoint or the new one.

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeState, encodeState, type TrainState } from './checkpoint.js';

export function writeCheckpoint(path: string, state: TrainState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, encodeState(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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
