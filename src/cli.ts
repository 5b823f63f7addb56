// The command line: parse arguments, call the core, and turn errors into messages and exit codes.
// This is the one place that decides what reaches the terminal:
//   0 success · 1 some run failed · 2 a user's mistake (config, data, arguments) · 130 interrupted.

// Each command's modules are imported when it runs (the plotting libraries and the schema validator
// take a noticeable part of a second to load), so `--help` or a usage error answers at once.

import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { DataError } from './data/errors.js';
import { UsageError } from './errors.js';
import { processIo, type Io } from './io.js';
import { dataDirOption, workersOption } from './options.js';
import { anyUserFsError } from './util/fs-errors.js';
import { VERSION } from './version.js';

/** --workers by default: one per core. */
const defaultWorkers = (): number => availableParallelism();

const HELP = `mlplab ${VERSION} — declarative neural-network experiments with from-scratch layers

Usage:
  mlplab run <experiment.yaml> [options]     train the runs not yet stored, then write the report
  mlplab report <experiment.yaml> [options]  redraw the report from every stored run, without training
                                             (or the data: no --set or --data-dir needed)
  mlplab plan <experiment.yaml> [options]    list every run (id, changes, size, time estimate, stored?)
  mlplab prune <experiment.yaml> [options]   list stored runs not in the plan, orphan checkpoints and
                                             invalid run files; delete them with --yes
  mlplab validate [experiment.yaml…]         check experiment files (default: experiments/*.yaml)
  mlplab init [dir]                          start a project: experiments/example.yaml, .gitignore, README
  mlplab eval <model.safetensors> [--dataset NAME | --data FILE.csv] [--data-dir DIR]
                                             a saved model's accuracy, loss and confusion matrix
  mlplab predict <model.safetensors> <input.idx|.npy|.csv> [-o predictions.csv]
                                             a saved model's class probabilities for each example
  mlplab --help | --version

Options:
  --workers N     worker threads (default: the number of cores, ${defaultWorkers()} here)
  --results DIR   where results/<experiment>/ goes (default: results)
  --data-dir DIR  look for datasets here first (also: MLPLAB_DATA)
  --force         retrain runs that are already stored
  --upgrade       retrain stored runs computed by an older numerics version (stale)
  --allow-modified-data
                  use local MNIST / Fashion-MNIST files that differ from the official ones
                  (refused otherwise; the runs get ids of their own and the report says so)
  --yes           start a sweep of over 1,000 runs or an hour without asking;
                  prune: delete what it lists
  --plan-only     report: only the runs of the file's plan (then --set and --data-dir apply)
  --quiet         no progress output
  --set PATH=VAL  override a field, VAL in YAML (repeatable): --set train.epochs=3
`;

const OPTIONS = {
  workers: { type: 'string' },
  results: { type: 'string', default: 'results' },
  'data-dir': { type: 'string' },
  force: { type: 'boolean', default: false },
  upgrade: { type: 'boolean', default: false },
  'allow-modified-data': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  'plan-only': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

/** The exit code of `mlplab <argv>`, run on `io` (tests pass streams of their own). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataError || err instanceof UsageError) {
      io.stderr.write(`mlplab: ${err.message}\n`);
      return 2;
    }
    const fsError = anyUserFsError(err); // a full disk or a read-only folder is the user's to fix, not a bug
    if (fsError !== undefined) {
      io.stderr.write(`mlplab: ${fsError.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const print = (text: string): number => {
    io.stdout.write(text);
    return 0;
  };
  const stderr = (text: string): unknown => io.stderr.write(text);
  // eval and predict take options of their own, parsed where they are defined.
  if (argv[0] === 'eval') {
    const { evalCommand } = await import('./commands/eval.js');
    return evalCommand(argv.slice(1), io.env, print);
  }
  if (argv[0] === 'predict') {
    const { predictCommand } = await import('./commands/predict.js');
    return predictCommand(argv.slice(1), print, stderr);
  }
  const { values, positionals } = parseArguments(argv);
  if (values.version) return print(`${VERSION}\n`);
  const [command, file, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return print(HELP);
  if (command === 'validate') {
    const { validateCommand } = await import('./commands/validate.js');
    return validateCommand(positionals.slice(1), values.set ?? [], print, stderr);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'init') {
    const { initCommand } = await import('./commands/init.js');
    return initCommand(file ?? '.', print);
  }
  if (!['run', 'report', 'plan', 'prune'].includes(command))
    throw new UsageError(`unknown command "${command}" (commands: run, report, plan, prune, validate, init, eval, predict)`);
  if (file === undefined)
    throw new UsageError(`${command}: missing the experiment file, e.g. mlplab ${command} experiments/mnist-vs-fashion.yaml`);
  const log = values.quiet ? { write: () => true } : io.stderr;
  // Node's own warnings are silenced with mlplab's (otherwise they print to stderr, as log does).
  if (values.quiet) io.silenceWarnings();
  const dataDir = dataDirOption(values['data-dir'], io.env.MLPLAB_DATA);
  const given = { file, set: values.set, dataDir, resultsRoot: values.results, allowModifiedData: values['allow-modified-data'] };

  if (command === 'report') {
    const { reportCommand } = await import('./commands/report.js');
    return reportCommand({ ...given, planOnly: values['plan-only'] }, (s) => log.write(`${s}\n`), stderr);
  }
  if (command === 'prune') {
    const { pruneCommand } = await import('./commands/prune.js');
    return pruneCommand({ ...given, yes: values.yes }, print);
  }

  const workers = workersOption(values.workers, defaultWorkers(), (s) => log.write(`${s}\n`));
  if (command === 'plan') {
    const { planCommand } = await import('./commands/plan.js');
    return planCommand({ ...given, workers, force: values.force, upgrade: values.upgrade }, print, stderr);
  }
  const { runCommand } = await import('./commands/run.js');
  return runCommand({ ...given, workers, force: values.force, upgrade: values.upgrade, yes: values.yes, log }, io);
}

/** The arguments parsed against OPTIONS; a mistake in them is the user's, shown with the help. */
function parseArguments(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${HELP}`);
  }
}
