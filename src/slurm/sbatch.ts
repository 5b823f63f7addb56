// Submitting to Slurm: the scripts written beside the results, then `sbatch --parsable` for the
// array and for the report job that waits on it. sbatch missing or refusing is the user's to fix
// (wrong machine, wrong partition or account), so it is a UsageError that quotes sbatch's words.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomicSync } from '../util/atomic.js';

export interface Submitted {
  arrayJob: string;
  reportJob: string;
  /** The folder of the submitted scripts. */
  dir: string;
}

/**
 * Writes array.sbatch and report.sbatch (a search: follow.sbatch, slurm/chain.ts) to `dir`, creates
 * `logs` (Slurm does not, and a task whose log folder is missing fails without a word), and submits
 * both, the second after the array.
 */
export function submit(
  dir: string,
  logs: string,
  scripts: { array: string; report: string },
  env: NodeJS.ProcessEnv,
  after: 'report' | 'follow' = 'report',
): Submitted {
  mkdirSync(logs, { recursive: true });
  const arrayFile = join(dir, 'array.sbatch');
  const reportFile = join(dir, `${after}.sbatch`);
  writeFileAtomicSync(arrayFile, scripts.array);
  writeFileAtomicSync(reportFile, scripts.report);
  const arrayJob = sbatch([arrayFile], env);
  let reportJob: string;
  try {
    reportJob = sbatch([`--dependency=afterany:${arrayJob}`, reportFile], env);
  } catch (err) {
    throw new UsageError(
      after === 'report'
        ? `${(err as Error).message} — the job array ${arrayJob} is submitted; once it ends, run mlplab report (or sbatch --dependency=afterany:${arrayJob} ${reportFile})`
        : // Without its follow-up a search's chain stops after this array: it must be submitted by hand.
          `${(err as Error).message} — the job array ${arrayJob} is submitted, but not the follow-up that goes on with the search after it: sbatch --dependency=afterany:${arrayJob} ${reportFile}`,
    );
  }
  return { arrayJob, reportJob, dir };
}

/** Writes report.sbatch and submits it alone (a search whose rungs are all decided): its job id. */
export function submitReport(dir: string, logs: string, report: string, env: NodeJS.ProcessEnv): string {
  mkdirSync(logs, { recursive: true });
  const file = join(dir, 'report.sbatch');
  writeFileAtomicSync(file, report);
  return sbatch([file], env);
}

/** The job id sbatch gives `args` (`--parsable` prints `id` or `id;cluster`). */
function sbatch(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8', env });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT')
    throw new UsageError(
      'sbatch is not on PATH: run mlplab slurm --submit on a machine of the Slurm cluster (its login node), or leave out --submit to print the scripts',
    );
  if (r.error !== undefined) throw new UsageError(`sbatch could not be started: ${r.error.message}`);
  const said = r.stderr.trim().replace(/\s*\n\s*/g, '; ');
  const id = r.stdout.trim().split(';')[0] ?? '';
  if (r.status !== 0 || !/^\d+$/.test(id))
    throw new UsageError(
      `sbatch ${args.at(-1)} failed (exit ${r.status ?? r.signal}): ${said || r.stdout.trim() || 'no message'}; check --partition, --account and --sbatch-line against your cluster (sinfo lists the partitions)`,
    );
  return id;
}
