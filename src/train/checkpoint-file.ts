// Checkpoint files, read and written by the worker between epochs. Writes are atomic (util/atomic.ts:
// all bytes, fsync, rename), so a kill -9 or a full disk at any moment leaves either the previous
// checkpoint or the new one.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '../util/atomic.js';
import { CorruptCheckpoint, decodeState, encodeState, OutdatedCheckpoint, type TrainState } from './checkpoint.js';

export function writeCheckpoint(path: string, state: TrainState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomicSync(path, encodeState(state));
}

/**
 * The saved state of run `id`, or undefined when there is none or it cannot be used: the run then
 * starts from scratch, and `note` says why in one line. A corrupt checkpoint is set aside, never
 * deleted (see setAsideCheckpoint); one of an older format is left to be overwritten by the first
 * new one; so is one computed by other kernels than `kernels` (when given).
 */
export function readCheckpoint(path: string, id: string, note: (s: string) => void, kernels?: string): TrainState | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      note(`cannot read checkpoint ${path} (${(err as Error).message}); the run starts from scratch`);
    return undefined;
  }
  try {
    return decodeState(bytes, id, kernels);
  } catch (err) {
    if (err instanceof OutdatedCheckpoint) note(`checkpoint ${path} is ${err.message}; the run restarts from scratch`);
    else if (err instanceof CorruptCheckpoint) setAsideCheckpoint(path, err.message, note);
    else throw err;
    return undefined;
  }
}

/**
 * Renames a checkpoint that must not be resumed to <path>.corrupt (or <path>.2.corrupt, … when
 * that is taken): kept for a look at what went wrong, out of the way of the run's next checkpoint.
 */
export function setAsideCheckpoint(path: string, why: string, note: (s: string) => void): void {
  let aside = `${path}.corrupt`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.${n}.corrupt`;
  try {
    renameSync(path, aside);
    note(`checkpoint ${path} is corrupt (${why}) — set aside as ${aside}; the run restarts from scratch`);
  } catch (err) {
    note(`checkpoint ${path} is corrupt (${why}) and could not be set aside (${(err as Error).message}); the run restarts from scratch`);
  }
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
