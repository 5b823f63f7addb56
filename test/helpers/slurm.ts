// What the real-Slurm tests share: whether a one-node Slurm is there (else the skip reason; in CI
// it must be), the stored runs as compared across machines, and the jobs' logs for a failure message.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runContent } from '../../src/run/run-content.js';
import { parseRunFile } from '../../src/run/run-file.js';

const sbatchThere = spawnSync('sbatch', ['--version']).status === 0;
const idle = sbatchThere && /\bidle\b/.test(spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' }).stdout ?? '');

/** True when sbatch is on PATH and sinfo shows an idle node. */
export const slurmUp = sbatchThere && idle;

/** node:test's `skip`: false where Slurm is up or under CI=true (where it must be), else why not. */
export const slurmSkip: false | string =
  process.env.CI === 'true' || idle
    ? false
    : `${sbatchThere ? 'sinfo shows no idle node' : 'sbatch is not on PATH'} (.ci/slurm-up starts a one-node Slurm; .ci/run does)`;

export const SLURM_MISSING = 'CI=true: a one-node Slurm must be up (.ci/slurm-up) — sbatch on PATH, a node idle in sinfo';

/** Each stored run file of an experiment's folder by name, as run-content.ts compares them (timings and machine aside). */
export function runFiles(experimentDir: string): Record<string, string> {
  const runs = join(experimentDir, 'runs');
  const names = readdirSync(runs)
    .filter((n) => n.endsWith('.json'))
    .sort();
  return Object.fromEntries(names.map((n) => [n, runContent(parseRunFile(readFileSync(join(runs, n), 'utf8'), n.slice(0, -5)))]));
}

/** Each job's log, for a failure message: what the tasks logged tells why a run is missing. */
export function logsOf(results: string, experiment: string): string {
  const dir = join(results, experiment, 'slurm', 'logs');
  if (!existsSync(dir)) return '(no logs folder)';
  return readdirSync(dir)
    .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8')}`)
    .join('\n');
}
