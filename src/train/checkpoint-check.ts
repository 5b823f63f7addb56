// What a checkpoint's contents must look like to be resumed from. The checksum proves the bytes
// are the ones written; these checks refuse what no training run could have written (a NaN weight,
// a history out of step with the epoch count, an all-zero generator state), so that a checkpoint
// written wrong, or by a bug, restarts the run instead of storing a wrong result as `done`.
// Whether the arrays fit the model and the order is a permutation of the run's examples is checked
// where the model is known: train.ts's restore().

import type { RngState } from '../nn/rng.js';
import type { EpochMetrics } from '../types.js';
import { STATE_GROUPS, type StateGroup, type TrainState } from './train-state.js';

export interface Header {
  id: string;
  /** The numerics version that computed the state (numerics.ts); absent before it was recorded. */
  numerics?: number;
  /** The kernel set that computed the state (Kernels.name); absent before it was recorded. */
  kernels?: string;
  epoch: number;
  history: EpochMetrics[];
  shuffle: RngState;
  noise: RngState;
  lengths: Record<StateGroup, number[]>;
  order: number;
}

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
// JSON writes a non-finite loss as null (a run's evaluation may overflow without diverging).
const isLoss = (v: unknown): boolean => v === null || typeof v === 'number';
const isFraction = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

/** The header of run `id`'s checkpoint, or an Error saying what is wrong with it. */
export function checkHeader(h: unknown, id: string): Header {
  if (!isObject(h)) throw new Error('the header is not an object');
  if (h.id !== id) throw new Error(`the header names run ${JSON.stringify(h.id)}`);
  if (h.kernels !== undefined && typeof h.kernels !== 'string') throw new Error(`kernels ${JSON.stringify(h.kernels)} is not a name`);
  if (!isCount(h.epoch) || h.epoch < 1) throw new Error(`epoch ${JSON.stringify(h.epoch)} is not a count ≥ 1`);
  if (!Array.isArray(h.history) || h.history.length !== h.epoch) throw new Error(`the history does not hold ${h.epoch} epochs`);
  h.history.forEach((m: unknown, i) => checkEpoch(m, i + 1));
  checkRng(h.shuffle, 'shuffle');
  checkRng(h.noise, 'noise');
  const lengths = h.lengths;
  if (!isObject(lengths) || Object.keys(lengths).length !== STATE_GROUPS.length) throw new Error('the array lengths are malformed');
  for (const g of STATE_GROUPS) {
    const list = lengths[g];
    if (!Array.isArray(list) || !list.every(isCount)) throw new Error(`the ${g} lengths are malformed`);
  }
  if (!isCount(h.order)) throw new Error(`order length ${JSON.stringify(h.order)} is not a count`);
  return h as unknown as Header;
}

function checkEpoch(m: unknown, epoch: number): void {
  const bad = (what: string): Error => new Error(`history entry ${epoch}: ${what}`);
  if (!isObject(m) || m.epoch !== epoch) throw bad(`is not epoch ${epoch}`);
  if (!isFraction(m.train_accuracy) || !isFraction(m.test_accuracy)) throw bad('an accuracy outside [0, 1]');
  if (!isLoss(m.train_loss) || !isLoss(m.test_loss)) throw bad('a loss that is not a number');
  if (typeof m.lr !== 'number' || !Number.isFinite(m.lr) || typeof m.seconds !== 'number') throw bad('a malformed lr or time');
  if ((m.val_loss === undefined) !== (m.val_accuracy === undefined)) throw bad('half a validation result');
  if (m.val_accuracy !== undefined && (!isFraction(m.val_accuracy) || !isLoss(m.val_loss))) throw bad('a malformed validation result');
}

function checkRng(s: unknown, name: string): void {
  // The words are 32 bits, held signed or unsigned depending on the last operation on them.
  const ok = Array.isArray(s) && s.length === 4 && s.every((x) => Number.isInteger(x) && x >= -0x80000000 && x <= 0xffffffff);
  // xoshiro never reaches the all-zero state from any other.
  if (!ok || s.every((x) => x === 0)) throw new Error(`the ${name} generator state ${JSON.stringify(s)} is impossible`);
}

/**
 * Refuses non-finite parameters, optimizer or layer state. A run whose weights did go non-finite
 * diverges at the next batch anyway; restarting it reaches the same point and the same `diverged`,
 * so refusing costs time, never a result.
 */
export function checkValues(s: TrainState): void {
  for (const g of STATE_GROUPS) {
    s[g].forEach((a, k) => {
      const at = a.findIndex((x) => !Number.isFinite(x));
      if (at >= 0) throw new Error(`${g} array ${k} holds ${a[at]} at index ${at}`);
    });
  }
}
