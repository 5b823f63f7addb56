// The peer: the same network and loop in NumPy (bench/numpy_mlp.py), one BLAS thread per process,
// with OpenBLAS's own choice of CPU kernel — what a user comparing with NumPy gets. This machine's
// environment may pin OpenBLAS to older kernels (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, set for the
// sake of old OpenBLAS builds); they are removed for the NumPy processes only, never for mlplab's
// own, and OPENBLAS_VERBOSE=2 makes OpenBLAS name the kernel it picked (`Core: …`), which is
// recorded with the figures.

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NUMPY_SCRIPT = fileURLToPath(new URL('../../bench/numpy_mlp.py', import.meta.url));

export interface NumpyRun {
  lr: number;
  seconds_per_epoch: number;
  /** Each epoch's seconds (absent from files of older versions of numpy_mlp.py). */
  seconds?: number[];
  test_accuracy: number;
}

export interface NumpyRuns {
  runs: NumpyRun[];
  /** The CPU kernel OpenBLAS picked (`Core: …` with OPENBLAS_VERBOSE=2), if it said. */
  core?: string;
}

/** The environment of a NumPy process: one thread, OpenBLAS free to pick its kernel, and saying which. */
export function numpyEnv(): NodeJS.ProcessEnv {
  const { OPENBLAS_CORETYPE: _core, OPENBLAS_L2_SIZE: _l2, ...env } = process.env;
  return { ...env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_VERBOSE: '2' };
}

const args = (dataDir: string, epochs: number, lrs: number[]): string[] => [NUMPY_SCRIPT, dataDir, String(epochs), ...lrs.map(String)];

function parse(stdout: string, stderr: string): NumpyRuns {
  const runs = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as NumpyRun);
  const core = /Core: (\S+)/.exec(stderr)?.[1];
  return core === undefined ? { runs } : { runs, core };
}

const failure = (stderr: string): string => `python3 ${NUMPY_SCRIPT} failed: ${stderr.trim().split('\n').pop() ?? ''}`;

/** Runs bench/numpy_mlp.py once, one learning rate after another; a string says why it could not run. */
export function numpyRuns(dataDir: string, epochs: number, lrs: number[]): NumpyRuns | string {
  const r = spawnSync('python3', args(dataDir, epochs, lrs), { encoding: 'utf8', env: numpyEnv() });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return failure(r.stderr);
  return parse(r.stdout, r.stderr);
}

/**
 * The learning rates split over `processes` NumPy processes running at once (what a user with GNU
 * parallel would do): the wall time in seconds, or a string saying why it could not run.
 */
export async function numpyParallel(dataDir: string, epochs: number, lrs: number[], processes: number): Promise<number | string> {
  const parts = Array.from({ length: processes }, (_, p) => lrs.filter((_lr, i) => i % processes === p)).filter((p) => p.length > 0);
  const start = performance.now();
  const outcomes = await Promise.all(
    parts.map(
      (part) =>
        new Promise<string | undefined>((resolve) => {
          const child = spawn('python3', args(dataDir, epochs, part), { env: numpyEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
          });
          child.on('error', (err) => resolve(`python3 not found (${err.message})`));
          child.on('close', (code) => resolve(code === 0 ? undefined : failure(stderr)));
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  return outcomes.find((o) => o !== undefined) ?? seconds;
}
