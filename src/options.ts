// Options that name something outside mlplab (a folder, the machine's cores), checked where they
// come in: a mistake in one is the user's, said at once, before anything is loaded or trained.

import { statSync } from 'node:fs';
import { UsageError } from './errors.js';

/**
 * The dataset folder of --data-dir, else of MLPLAB_DATA (empty means unset, as usual for
 * environment variables). A folder that is not there must not be passed over in silence: the
 * datasets would then come from elsewhere (the cache, a download) without a word.
 */
export function dataDirOption(flag: string | undefined, env: string | undefined): string | undefined {
  const [dir, from] = flag !== undefined ? [flag, '--data-dir'] : [env || undefined, 'MLPLAB_DATA'];
  if (dir === undefined) return undefined;
  const fix = 'name the folder that holds the datasets (mnist/, fashion-mnist/)';
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such folder' : (err as Error).message;
    throw new UsageError(`${from} ${dir}: ${why}; ${fix}`);
  }
  if (!isFolder) throw new UsageError(`${from} ${dir}: not a folder; ${fix}`);
  return dir;
}

/**
 * --workers: one per core by default. More may be asked for, but each worker holds a run's
 * buffers and the workers then take turns on the cores, so the sweep is slower and bigger: said
 * once, through `warn`.
 */
export function workersOption(flag: string | undefined, cores: number, warn: (text: string) => void): number {
  if (flag === undefined) return cores;
  const workers = Number(flag);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers: must be an integer ≥ 1, got "${flag}"`);
  if (workers > cores) {
    warn(
      `mlplab: --workers ${workers} is more than the ${cores} cores here: the runs will take turns on them, slower and using more memory than --workers ${cores}`,
    );
  }
  return workers;
}
