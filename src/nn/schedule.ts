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

import type { NoOptions } from './layer.js';

/** Each schedule's factor of the base rate at post-warm-up epoch e of E (both 1-based). */
export const SCHEDULES = {
  constant: (_opts: NoOptions, _e: number, _E: number): number => 1,
  step: ({ every, gamma }: { every: number; gamma: number }, e: number, _E: number): number => gamma ** Math.floor((e - 1) / every),
  exponential: ({ gamma }: { gamma: number }, e: number, _E: number): number => gamma ** (e - 1),
  cosine: ({ min_factor }: { min_factor: number }, e: number, E: number): number =>
    min_factor + ((1 - min_factor) * (1 + Math.cos((Math.PI * (e - 1)) / E))) / 2,
};

export type ScheduleName = keyof typeof SCHEDULES;

/** The learning rate per epoch, as a multiple of the optimizer's lr (after any warm-up). */
export type ScheduleSpec = { [K in ScheduleName]: { [P in K]: Parameters<(typeof SCHEDULES)[K]>[0] } }[ScheduleName];

/** The learning rate of `epoch` (1-based) of `epochs`, from the optimizer's base rate. */
export function learningRate(base: number, epoch: number, epochs: number, schedule: ScheduleSpec, warmupEpochs: number): number {
  if (epoch <= warmupEpochs) return (base * epoch) / warmupEpochs;
  const [name, opts] = Object.entries(schedule)[0] as [ScheduleName, unknown];
  const factor = SCHEDULES[name] as (opts: unknown, e: number, E: number) => number;
  return base * factor(opts, epoch - warmupEpochs, epochs - warmupEpochs);
}
