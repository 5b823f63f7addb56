// The command line: parse arguments, call the core, and turn errors into messages and exit codes.
// This is the one place that decides what reaches the terminal:
//   0 success · 1 some run failed · 2 a user's mistake (config, data, arguments) · 130 interrupted.

// Each command's modules are imported when it runs (the plotting libraries alone take ~0.25 s to
// load, the schema validator ~0.15 s), so `--help` or a usage error answers at once.

import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { DataError } from './data/errors.js';
import { UsageError } from './errors.js';
import { anyUserFsError } from './util/fs-errors.js';
import { interruptHandler } from './interrupt.js';
import { dataDirOption, workersOption } from './options.js';
import { VERSION } from './version.js';

/** --workers by default: one per core. */
const defaultWorkers = (): number => availableParallelism();

const HELP = `mlplab ${VERSION} — declarative neural-network experiments with from-scratch layers

Usage:
  mlplab run <experiment.yaml> [options]     train the runs not yet stored, then write the report
  mlplab report <experiment.yaml> [options]  redraw the report from stored runs, without training
  mlplab plan <experiment.yaml> [options]    list every run (id, changes, size, time estimate, stored?)
  mlplab validate [experiment.yaml…]         check experiment files (default: experiments/*.yaml)
  mlplab --help | --version

Options:
  --workers N     worker threads (default: the number of cores, ${defaultWorkers()} here)
  --results DIR   where results/<experiment>/ goes (default: results)
  --data-dir DIR  look for datasets here first (also: MLPLAB_DATA)
  --force         retrain runs that are already stored
  --allow-modified-data
                  use local MNIST / Fashion-MNIST files that differ from the official ones
                  (refused otherwise; the runs get ids of their own and the report says so)
  --yes           start a sweep of over 1,000 runs or an hour without asking
  --quiet         no progress output
  --set PATH=VAL  override a field, VAL in YAML (repeatable): --set train.epochs=3
`;

const OPTIONS = {
  workers: { type: 'string' },
  results: { type: 'string', default: 'results' },
  'data-dir': { type: 'string' },
  force: { type: 'boolean', default: false },
  'allow-modified-data': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataError || err instanceof UsageError) {
      process.stderr.write(`mlplab: ${err.message}\n`);
      return 2;
    }
    const fsError = anyUserFsError(err); // a full disk or a read-only folder is the user's to fix, not a bug
    if (fsError !== undefined) {
      process.stderr.write(`mlplab: ${fsError.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.version) return print(`${VERSION}\n`);
  const [command, file, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return print(HELP);
  if (command === 'validate') {
    const { validateCommand } = await import('./commands/validate.js');
    return validateCommand(positionals.slice(1), values.set ?? [], print, (s) => process.stderr.write(s));
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!['run', 'report', 'plan'].includes(command)) throw new UsageError(`unknown command "${command}" (commands: run, report, plan, validate)`);
  if (file === undefined) throw new UsageError(`${command}: missing the experiment file, e.g. mlplab ${command} experiments/mnist-vs-fashion.yaml`);
  const log = values.quiet ? { write: () => true } : process.stderr;
  // Node's own warnings are silenced with mlplab's (otherwise they print to stderr, as log does):
  // this thread's by removing their printer, the worker threads' by the variable they start with.
  if (values.quiet) {
    process.removeAllListeners('warning');
    process.env.NODE_NO_WARNINGS = '1';
  }
  const dataDir = dataDirOption(values['data-dir'], process.env.MLPLAB_DATA);

  if (command === 'report') {
    const { reportExperiment } = await import('./run/report.js');
    const written = await reportExperiment(file, values.results, (s) => log.write(`${s}\n`), { set: values.set, dataDir, allowModifiedData: values['allow-modified-data'] });
    process.stderr.write(`wrote ${written.length} file(s) under ${values.results}/\n`);
    return 0;
  }

  const workers = workersOption(values.workers, defaultWorkers(), (s) => log.write(`${s}\n`));
  if (command === 'plan') {
    const { planCommand } = await import('./commands/plan.js');
    return planCommand({ file, set: values.set, dataDir, resultsRoot: values.results, workers, force: values.force, allowModifiedData: values['allow-modified-data'] }, print);
  }
  const kernels = process.env.MLPLAB_KERNELS;
  const { isKernelsName, KERNELS } = await import('./nn/kernels/kernels.js');
  if (kernels && !isKernelsName(kernels)) throw new UsageError(`MLPLAB_KERNELS must be one of ${Object.keys(KERNELS).join(', ')}, got "${kernels}"`);
  // Read and planned before the signal handlers go in: until then Ctrl-C stops mlplab at once, and
  // nothing has started that stopping could lose.
  const { resolveRuns } = await import('./run/resolve.js');
  const planned = await resolveRuns(file, { set: values.set, dataDir, allowModifiedData: values['allow-modified-data'], fit: { workers } });
  const abort = new AbortController();
  const onSignal = interruptHandler(abort, (s) => process.stderr.write(s), (code) => process.exit(code), values.force);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { runExperiment } = await import('./run/run.js');
    const { confirm } = await import('./run/notice.js');
    const terminal = { yes: values.yes, stdin: process.stdin, stderr: process.stderr, log, signal: abort.signal };
    const summary = await runExperiment({
      file, planned, workers, resultsRoot: values.results, dataDir, set: values.set,
      force: values.force, log, signal: abort.signal, allowModifiedData: values['allow-modified-data'],
      confirm: (line) => confirm(line, terminal),
    });
    for (const u of summary.unstored) process.stderr.write(`mlplab: ${u.message}\n`);
    if (summary.interrupted) return 130;
    const failed = summary.trained.filter((r) => r.status === 'failed');
    for (const r of failed) process.stderr.write(`mlplab: run ${r.id} (${r.spec.dataset}) failed: ${r.error}\n`);
    if (summary.reportError !== undefined) process.stderr.write(`mlplab: ${summary.reportError}\n`);
    else if (summary.reportFiles.length > 0) log.write(`report: ${summary.reportFiles.find((f) => f.endsWith('README.md')) ?? summary.reportFiles[0]}\n`);
    return failed.length + summary.unstored.length > 0 ? 1 : summary.reportError !== undefined ? 2 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}
