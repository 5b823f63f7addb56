// The kernel sets by name: the registry that model.ts, the trainer and MLPLAB_KERNELS choose from.
// The interface is kernels.ts; each implementation imports only that.

import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference.js';
import { WasmKernels } from './wasm-kernels.js';

export { scaleTable } from './wasm-kernels.js';

export type { AdamCoefficients, Kernels } from './kernels.js';
export { referenceKernels };

/** Kernel sets by name. A wasm set owns an arena, so each model gets a new one. */
export const KERNELS = {
  wasm: (): Kernels => new WasmKernels(),
  reference: (): Kernels => referenceKernels,
} as const;

export type KernelsName = keyof typeof KERNELS;

export const DEFAULT_KERNELS: KernelsName = 'wasm';

export function isKernelsName(name: string): name is KernelsName {
  return Object.hasOwn(KERNELS, name);
}
