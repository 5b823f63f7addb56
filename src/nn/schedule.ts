// The learning rate of each epoch: a linear warm-up, then a schedule over the remaining epochs.
//   warm-up      epoch ≤ W:  lr = base·epoch/W             (reaches base at epoch W)
// after it, with e = epoch − W (1-based) and E = epochs − W, lr = base·factor(e):
//   constant     1
//   step         gamma^⌊(e−1)/every⌋                       (× gamma every `every` epochs)
//   exponential  gamma^(e−1)
//   cosine       min_factor + (1 − min_factor)·(1 + cos(π·(e−1)/E))/2
// Every schedule starts at factor 1, so the first epoch after warm-up uses base. Cosine follows
// SGDR's half cosine (Loshchilov & Hutter 2017) without restarts; its last epoch stays just above
// min_factor, since epoch E + 1, where it would reach it, is never trained.

import type { ScheduleSpec } from '../types.js';

export type ScheduleName = ScheduleSpec extends infer S ? (S extends unknown ? keyof S : never) : never;
type Options<K extends ScheduleName> = Extract<ScheduleSpec, Record<K, unknown>>[K];

/** Each schedule's factor of the base rate at post-warm-up epoch e of E (both 1-based). */
export const SCHEDULES: { [K in ScheduleName]: (opts: Options<K>, e: number, E: number) => number } = {
  constant: () => 1,
  step: ({ every, gamma }, e) => gamma ** Math.floor((e - 1) / every),
  exponential: ({ gamma }, e) => gamma ** (e - 1),
  cosine: ({ min_factor }, e, E) => min_factor + ((1 - min_factor) * (1 + Math.cos((Math.PI * (e - 1)) / E))) / 2,
};

/** The learning rate of `epoch` (1-based) of `epochs`, from the optimizer's base rate. */
export function learningRate(base: number, epoch: number, epochs: number, schedule: ScheduleSpec, warmupEpochs: number): number {
  if (epoch <= warmupEpochs) return (base * epoch) / warmupEpochs;
  const [name, opts] = Object.entries(schedule)[0] as [ScheduleName, unknown];
  const factor = SCHEDULES[name] as (opts: unknown, e: number, E: number) => number;
  return base * factor(opts, epoch - warmupEpochs, epochs - warmupEpochs);
}
