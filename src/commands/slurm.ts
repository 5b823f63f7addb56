// `mlplab slurm <file>`: the sweep as a Slurm job array of shards (run/shard.ts) plus a report job
// that runs after it. Prints the two sbatch scripts; with --submit, writes them to
// results/<experiment>/slurm/ and submits them; with --missing, only the shards that still have
// runs without a result (Slurm does not retry a failed array task by itself).

import { resolve as absolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { flopsPerEpoch, kernelShapes, runSeconds } from '../estimate/estimate.js';
import { KernelSpeed } from '../estimate/kernel-speed.js';
import { wallTime } from '../estimate/wall-time.js';
import { dataDirOption } from '../options.js';
import { resolveRuns } from '../run/resolve.js';
import { missingShards, shardOf } from '../run/shard.js';
import { experimentDir, needsTraining } from '../run/store.js';
import { StoredRuns } from '../run/stored-checksum.js';
import { shardCountOption } from '../shard-options.js';
import { MAX_ATTEMPTS, parseNext } from '../slurm/chain.js';
import { submit, submitReport } from '../slurm/sbatch.js';
import { arrayScript, followScript, reportScript, type SweepJob } from '../slurm/script.js';
import { chainEnd, claimedWait, followArgs, fromChain, slurmStage } from './slurm-stage.js';
import type { Io } from '../io.js';

/** Without --shards: one run per task up to this many tasks (a small array is kinder to the queue). */
export const DEFAULT_MAX_SHARDS = 100;

// Compiled to dist/src/commands/: the launcher is three levels up, in bin/. (A folder URL: a
// `.js` one reads to test/helpers/imports.ts as a worker script of src/.)
const BIN = join(fileURLToPath(new URL('../../../bin/', import.meta.url)), 'mlplab.js');

const OPTIONS = {
  shards: { type: 'string' },
  'max-parallel': { type: 'string' },
  workers: { type: 'string' },
  partition: { type: 'string' },
  account: { type: 'string' },
  'sbatch-line': { type: 'string', multiple: true },
  submit: { type: 'boolean', default: false },
  missing: { type: 'boolean', default: false },
  next: { type: 'string' },
  results: { type: 'string', default: 'results' },
  'data-dir': { type: 'string' },
  set: { type: 'string', multiple: true },
  'allow-modified-data': { type: 'boolean', default: false },
} as const;

export async function slurmCommand(argv: string[], io: Io): Promise<number> {
  // An sbatch option as the next word reads as one of mlplab's own: it must be glued on with `=`.
  const glued = argv.findIndex((a, i) => a === '--sbatch-line' && argv[i + 1]?.startsWith('-'));
  if (glued >= 0) throw new UsageError(`--sbatch-line ${argv[glued + 1]}: write it --sbatch-line=${argv[glued + 1]}`);
  const { values, positionals } = parseCommandArgs('slurm', argv, OPTIONS);
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'slurm: missing the experiment file, e.g. mlplab slurm experiments/mnist-vs-fashion.yaml'
        : `slurm: unexpected argument "${positionals[1]}"`,
    );
  const workers = count(values.workers ?? '1', '--workers', 'worker threads per task (one core each)');
  const maxParallel = values['max-parallel'] === undefined ? undefined : count(values['max-parallel'], '--max-parallel', 'tasks at once');
  const shardsFlag = values.shards === undefined ? undefined : shardCountOption(values.shards);
  const partition = word(values.partition, '--partition');
  const account = word(values.account, '--account');
  const extra = (values['sbatch-line'] ?? []).map(sbatchLine);
  const dataDir = dataDirOption(values['data-dir'], io.env.MLPLAB_DATA);
  const file = absolute(positionals[0]!);
  const resultsRoot = absolute(values.results);
  const set = values.set ?? [];
  const say = (s: string): unknown => io.stderr.write(`${s}\n`);

  const storedRuns = new StoredRuns(resultsRoot, say);
  const { loaded, planned } = await resolveRuns(file, {
    set,
    dataDir,
    allowModifiedData: values['allow-modified-data'],
    fit: { workers },
    whenMissing: storedRuns.whenMissing,
  });
  const experiment = loaded.experiment.name;
  const stored = await storedRuns.of(experiment);
  const shards = shardsFlag ?? Math.min(planned.length, DEFAULT_MAX_SHARDS);
  if (shards > planned.length)
    throw new UsageError(
      `--shards ${shards}: the plan has ${planned.length} run(s), so ${shards - planned.length} shard(s) would be empty; give --shards ${planned.length} or fewer`,
    );
  const { search } = loaded.experiment;
  if (values.next !== undefined && search.method === 'grid') throw new UsageError('--next: for the follow-up jobs of a search only');
  const followed = values.next === undefined ? undefined : parseNext(values.next);
  const dir = join(experimentDir(resultsRoot, experiment), 'slurm');
  const passThrough = [
    '--results',
    resultsRoot,
    ...(dataDir === undefined ? [] : ['--data-dir', absolute(dataDir)]),
    ...set.flatMap((s) => ['--set', s]),
    ...(values['allow-modified-data'] ? ['--allow-modified-data'] : []),
  ];
  // A search submits one stage at a time (slurm/chain.ts): only the runs it trains, to their rung.
  const stage =
    search.method === 'grid'
      ? undefined
      : await slurmStage(planned, stored, search, followed, values.submit ? experimentDir(resultsRoot, experiment) : undefined);
  const missing = (id: string): boolean => (stage === undefined ? needsTraining(stored.get(id), false) : stage.stopAt.has(id));
  const tasks =
    values.missing || stage !== undefined ? missingShards(planned, missing, shards).map((t) => t.task) : [...Array(shards).keys()];
  // What every script shares: the experiment, where it runs and logs, and the options passed on.
  const base = {
    experiment,
    file,
    cwd: process.cwd(),
    logs: join(dir, 'logs'),
    mlplab: [process.execPath, BIN] as const,
    passThrough,
    partition,
    account,
    extra,
  };
  if (stage !== undefined && stage.step.kind !== 'array') {
    const report = reportScript(base);
    const why = chainEnd(stage, base.logs, positionals[0]!);
    if (!values.submit) io.stdout.write(`# ${experiment}: ${why}; only the report job is left:\n\n${report}`);
    else
      io.stdout.write(
        `${experiment}: ${why}; submitted report job ${fromChain(followed, positionals[0]!, () => submitReport(dir, base.logs, report, io.env))}\n`,
      );
    return stage.step.kind === 'report' ? 0 : 1;
  }
  if (tasks.length === 0) {
    io.stdout.write(
      `${experiment}: nothing missing, all ${planned.length} run(s) are stored in ${experimentDir(resultsRoot, experiment)}; nothing submitted\n`,
    );
    return 0;
  }

  // The costliest of these shards sets the time limit: its runs still to train, on `workers` workers.
  const speed = new KernelSpeed(planned.flatMap((p) => kernelShapes(p.spec)));
  const byShard = shardOf(planned, shards);
  const taskSeconds = Math.max(
    ...tasks.map((t) => {
      const todo = byShard[t]!.map((i) => planned[i]!).filter((p) => missing(p.id));
      // A search's stage trains each run only up to its rung.
      const share = (p: (typeof todo)[number]) => (stage?.stopAt.get(p.id) ?? p.spec.train.epochs) / p.spec.train.epochs;
      const cost = (p: (typeof todo)[number]) => flopsPerEpoch(p.spec) * p.spec.train.epochs * share(p);
      return wallTime(
        todo.sort((a, b) => cost(b) - cost(a)).map((p) => runSeconds(p.spec, speed.timeOf) * share(p)),
        workers,
      );
    }),
  );

  const attempt = stage?.step.kind === 'array' ? stage.step.attempt : 1;
  // A follow-up comes after the array has ended: a claim still live on this stage's runs is a dead
  // task's, and the array waits until it is stale (slurm/chain.ts claimWait).
  const begin =
    followed === undefined || stage === undefined ? undefined : claimedWait(experimentDir(resultsRoot, experiment), stage.stopAt, io.env);
  const next = followArgs(file, `${stage?.key}:${attempt}`, { shards, workers, maxParallel, partition, account, extra, passThrough });
  const job: SweepJob = {
    ...base,
    runs: planned.length,
    shards,
    tasks,
    maxParallel,
    workers,
    taskSeconds,
    ...(begin === undefined ? {} : { beginSeconds: begin.seconds }),
    ...(stage === undefined ? {} : { stage: { text: stage.text, attempt, next } }),
  };
  const scripts = { array: arrayScript(job), report: stage === undefined ? reportScript(job) : followScript(job) };
  if (!values.submit) {
    io.stdout.write(printed(job, scripts, dir));
    return 0;
  }
  const { arrayJob, reportJob } = fromChain(followed, positionals[0]!, () =>
    submit(dir, job.logs, scripts, io.env, stage === undefined ? 'report' : 'follow'),
  );
  if (stage !== undefined) {
    const runs = stage.stopAt.size;
    // A retry says so, and why the array may wait: what the follow-up job's log is read for.
    const retry =
      attempt > 1
        ? `${runs} run(s) not stored after ${attempt - 1} job array(s) for this stage (tasks cancelled, killed or out of time: sacct and the tasks' logs say which); resubmitted, array ${attempt} of at most ${MAX_ATTEMPTS}: `
        : '';
    const wait =
      begin === undefined
        ? ''
        : `; it begins in ${begin.seconds} s, once the claims of ${begin.runs} run(s) left by ended tasks are stale (MLPLAB_CLAIM_TIMEOUT)`;
    io.stdout.write(
      `${experiment}: ${stage.text}: ${retry}submitted job array ${arrayJob} (${tasks.length} task(s) of ${shards} shards, ${runs} run(s) to train to their rung${wait}) and follow-up job ${reportJob} (after the array: the next rung, what is missing, or the report)\n` +
        `scripts: ${dir}/array.sbatch, follow.sbatch · logs: ${job.logs}/\n` +
        `watch: squeue -n mlplab-${experiment},mlplab-${experiment}-next,mlplab-${experiment}-report\n`,
    );
    return 0;
  }
  io.stdout.write(
    `${experiment}: submitted job array ${arrayJob} (${tasks.length} task(s) of ${shards} shards, ${planned.length} runs) and report job ${reportJob} (after the array)\n` +
      `scripts: ${dir}/array.sbatch, report.sbatch · logs: ${job.logs}/\n` +
      `watch: squeue -j ${arrayJob},${reportJob} · afterwards: mlplab plan ${positionals[0]} --missing --shards ${shards}\n`,
  );
  return 0;
}

/** Both scripts as printed without --submit, with how to submit them by hand. */
function printed(job: SweepJob, scripts: { array: string; report: string }, dir: string): string {
  const second = job.stage === undefined ? 'report' : 'follow';
  const chain =
    job.stage === undefined
      ? []
      : [
          `# A search runs as a chain: this array trains ${job.stage.text}; follow.sbatch, after it,`,
          '# plans again from the stored run files and submits the next rung (an array and a follow-up',
          '# like these), or resubmits what is missing, or at the end the report job.',
        ];
  return [
    ...chain,
    `# To submit these by hand: save the first script as array.sbatch and the second as ${second}.sbatch, then`,
    `#   mkdir -p ${job.logs}`,
    `#   jid=$(sbatch --parsable array.sbatch) && sbatch --dependency=afterany:$jid ${second}.sbatch`,
    `# (mlplab slurm … --submit does this, writing the scripts to ${dir}/).`,
    '',
    scripts.array,
    `# ---------------------------------------------------------------- ${second}.sbatch`,
    scripts.report,
  ].join('\n');
}

/** A whole number ≥ 1 given to `flag`. */
function count(text: string, flag: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`${flag}: ${what}, a whole number ≥ 1, got "${text}"`);
  return Number(text);
}

/** A partition or account name: one word, as an #SBATCH line holds it. */
function word(text: string | undefined, flag: string): string | undefined {
  if (text !== undefined && !/^[\w.,:@+-]+$/.test(text))
    throw new UsageError(`${flag}: a Slurm name (letters, digits, . , : @ + - _), got "${text}"`);
  return text;
}

/** --sbatch-line: one sbatch option, written with or without its `#SBATCH`. */
function sbatchLine(text: string): string {
  const line = text.replace(/^\s*#SBATCH\s+/, '').trim();
  if (!line.startsWith('-') || /[\n\r]/.test(line))
    throw new UsageError(`--sbatch-line: one sbatch option on one line, e.g. --sbatch-line=--mem=4G, got "${text}"`);
  return line;
}
