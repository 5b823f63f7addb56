// The worker's side of `save:`: a finished run's network written to its staging file, atomically.
// A file that cannot be written (a full disk) costs the model, not the run: the run is a result
// either way, so the worker warns and the sweep goes on.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DATASETS, type BuiltinName } from '../data/datasets.js';
import { modelFileBytes } from '../model-file/model-file.js';
import type { KernelsName } from '../nn/kernels/index.js';
import type { RunSpec } from '../types.js';
import { writeFileAtomicSync } from '../util/atomic.js';
import { anyUserFsError } from '../util/fs-errors.js';
import type { TrainHooks } from './train.js';

/** The onTrained hook that writes run `id`'s network to `path`. */
export function saveModel(
  path: string,
  id: string,
  spec: RunSpec,
  inputs: number,
  kernels: KernelsName | 'blas',
  warn: (text: string) => void,
): TrainHooks['onTrained'] {
  return (model, stats, features) => {
    const bytes = modelFileBytes(model, {
      run_id: id,
      dataset: spec.dataset,
      dataset_sha256: spec.dataset_sha256,
      layers: spec.model.layers,
      loss: spec.model.loss,
      inputs,
      preprocess: spec.preprocess,
      stats,
      ...(features === undefined ? {} : { features }),
      classes: [...(spec.dataset_spec?.classes ?? DATASETS[spec.dataset as BuiltinName].classes)],
      kernels,
    });
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomicSync(path, bytes);
    } catch (err) {
      const fsError = anyUserFsError(err);
      if (fsError === undefined) throw err;
      warn(`mlplab: run ${id}: its model was not saved (${fsError.message})`);
    }
  };
}
