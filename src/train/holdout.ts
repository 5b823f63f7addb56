// The validation hold-out: a stratified, seeded split of a training set's example indices.
// From each class, round(fraction · count) examples are held out, chosen by a generator seeded
// with the experiment seed alone — so every run of a sweep with the same seed and fraction is
// validated on the same examples, and comparing them on validation accuracy is fair. The test
// set is never touched here: it is for reporting only.

import { Rng } from '../nn/rng.js';
import type { Split } from '../types.js';

export interface Holdout {
  /** Indices (ascending) of the examples trained on. */
  train: Uint32Array;
  /** Indices (ascending) of the held-out examples; empty when fraction is 0. */
  validation: Uint32Array;
}

/** `stream` names the generator's stream: the test hold-out of a declared dataset draws its own. */
export function holdout(split: Split, fraction: number, classes: number, seed: number, stream = 'validation'): Holdout {
  if (fraction === 0) return { train: Uint32Array.from({ length: split.count }, (_, i) => i), validation: new Uint32Array(0) };
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < split.count; i++) byClass[split.labels[i]].push(i);
  const rng = Rng.from(seed, `${stream}:${fraction}`);
  const held: number[] = [];
  for (const members of byClass) {
    const chosen = Uint32Array.from(members);
    rng.shuffle(chosen);
    held.push(...chosen.subarray(0, Math.round(fraction * members.length)));
  }
  const isHeld = new Uint8Array(split.count);
  for (const i of held) isHeld[i] = 1;
  const train: number[] = [],
    validation: number[] = [];
  for (let i = 0; i < split.count; i++) (isHeld[i] ? validation : train).push(i);
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}
