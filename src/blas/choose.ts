// Which kernels a `mlplab run` trains with: --kernels, else MLPLAB_KERNELS, else wasm (portable,
// bit-reproducible). Settled in the main thread before the pool starts, so that a BLAS that does
// not load is one line and exit 2, not a failed run per worker; the workers are then told the
// kernels by name (MLPLAB_KERNELS in their environment).
//
// The kernels are not part of a run's identity: a run trained with BLAS is the same run (same id,
// stored and reused as such) whose bits may differ from the wasm one's in the last places.

import { UsageError } from '../errors.js';
import type { Blas } from '../nn/kernels/blas-kernels.js';
import { BlasUnavailable, loadBlas } from './load.js';

/** What may be asked for: a kernel set by name, or auto (BLAS when it loads, else wasm). */
export const KERNEL_CHOICES = ['wasm', 'blas', 'auto', 'reference'] as const;
export type KernelsChoice = (typeof KERNEL_CHOICES)[number];
/** What a worker trains with. */
export type TrainKernels = Exclude<KernelsChoice, 'auto'>;

const isChoice = (s: string): s is KernelsChoice => (KERNEL_CHOICES as readonly string[]).includes(s);

/** --kernels (flag), else MLPLAB_KERNELS (env; empty means unset), else wasm. */
export function kernelsChoice(flag: string | undefined, env: string | undefined): KernelsChoice {
  const [value, from] = flag !== undefined ? [flag, '--kernels'] : [env || 'wasm', 'MLPLAB_KERNELS'];
  if (!isChoice(value)) throw new UsageError(`${from} must be one of ${KERNEL_CHOICES.join(', ')}, got "${value}"`);
  return value;
}

/** A BLAS that loaded, in words: `OpenBLAS 0.3.21 (libopenblas.so.0, core Haswell)`. */
export function blasLabel(blas: Blas): string {
  const about = [blas.library, ...(blas.core === undefined ? [] : [`core ${blas.core}`])];
  return `${blas.version ?? 'BLAS'} (${about.join(', ')})`;
}

/**
 * The kernels the workers train with: blas must load here (else a UsageError naming what is
 * missing); auto takes BLAS when it loads and says which it picked in one line (`say`).
 */
export function resolveKernels(choice: KernelsChoice, env: NodeJS.ProcessEnv, say: (s: string) => void): TrainKernels {
  if (choice !== 'blas' && choice !== 'auto') return choice;
  try {
    const blas = loadBlas(env);
    if (choice === 'auto') say(`kernels: blas, ${blasLabel(blas)} (--kernels auto)`);
    return 'blas';
  } catch (err) {
    if (!(err instanceof BlasUnavailable)) throw err;
    if (choice === 'blas') throw new UsageError(`--kernels blas: ${err.message}`);
    say(`kernels: wasm, as no BLAS loads (${err.message.replace(/ \(or --kernels wasm\)$/, '')}) (--kernels auto)`);
    return 'wasm';
  }
}
