// A checkpoint that cannot be written (a full disk, above all) costs nothing but the ability to
// resume from that epoch: training goes on, the previous checkpoint stays (writes are atomic), and
// the user hears it once per run, with the epoch a resume would start from.

import { writeFailure } from '../util/fs-errors.js';
import { writeCheckpoint } from './checkpoint-file.js';
import type { TrainState } from './checkpoint.js';

/** "run <id8> keeps its epoch-K checkpoint", or that it has none: what a rerun resumes from. */
export function keeps(id: string, epoch: number): string {
  return epoch > 0 ? `run ${id.slice(0, 8)} keeps its epoch-${epoch} checkpoint` : `run ${id.slice(0, 8)} has no checkpoint on disk`;
}

/**
 * The onCheckpoint hook of run `id`: saves each epoch's state at `path`, where the state after
 * epoch `onDisk.epoch` already is (0: none; the caller zeroes it when it sets a refused checkpoint
 * aside). A failed write is told once through `warn`, never thrown.
 */
export function saveCheckpoints(
  path: string,
  id: string,
  onDisk: { epoch: number },
  warn: (text: string) => void,
): (state: TrainState) => void {
  let warned = false;
  return (state) => {
    try {
      writeCheckpoint(path, state);
      onDisk.epoch = state.epoch;
    } catch (err) {
      if (warned) return;
      warned = true;
      warn(writeFailure(err, path, `${keeps(id, onDisk.epoch)} and training goes on`, ' so that later epochs are saved'));
    }
  };
}
