// The command line: parse arguments, call the core, and turn errors into messages and exit codes.
// This is the one place that decides what reaches the terminal:
//   0 success · 1 some run failed · 2 a user's mistake (config, data, arguments) · 130 interrupted.

// Each command's modules are imported when it runs (the plotting libraries and the schema validator
// take a noticeable part of a second to load), so `--help` or a usage error answers at once.

import { availableParallelism } from 'node:os';
import { parseCommandArgs } from './args.js';
import { ConfigError } from './config/errors.js';
import { suggest } from './config/suggest.js';
import { DataError } from './data/errors.js';
import { UsageError } from './errors.js';
import { processIo, type Io } from './io.js';
import { dataDirOption, workersOption } from './options.js';
import { selectionOption, shardCountOption } from './shard-options.js';
import { anyUserFsError } from './util/fs-errors.js';
import { commandHelp, isCommand, OPTION_TEXT, optionText, USAGE, type OptionName } from './usage.js';
import { VERSION } from './version.js';

/** --workers by default: one per core. */
const defaultWorkers = (): number => availableParallelism();

const HELP = `mlplab ${VERSION} — declarative neural-network experiments with from-scratch layers

Usage:
${Object.values(USAGE)
  .map((u) => (u.synopsis.length < 43 ? `  ${u.synopsis.padEnd(43)}${u.about}` : `  ${u.synopsis}\n${' '.repeat(45)}${u.about}`))
  .join('\n')}
  mlplab --help | --version                  (mlplab <command> --help: that command's usage)

Options:
${(Object.keys(OPTION_TEXT) as OptionName[]).map((o) => `  ${optionText(o, defaultWorkers())}`.replace(/\n/g, '\n  ')).join('\n')}
`;

const OPTIONS = {
  workers: { type: 'string' },
  kernels: { type: 'string' },
  results: { type: 'string', default: 'results' },
  'data-dir': { type: 'string' },
  force: { type: 'boolean', default: false },
  upgrade: { type: 'boolean', default: false },
  'allow-modified-data': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  'plan-only': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  set: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  output: { type: 'string', short: 'o' },
  shard: { type: 'string' },
  index: { type: 'string' },
  shards: { type: 'string' },
  missing: { type: 'boolean', default: false },
  'one-stage': { type: 'boolean', default: false },
  into: { type: 'string' },
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
  const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (isCommand(argv[0]) && flags.some((a) => a === '--help' || a === '-h')) return print(commandHelp(argv[0], defaultWorkers()));
  // eval, predict and slurm take options of their own, parsed where they are defined.
  if (argv[0] === 'eval') {
    const { evalCommand } = await import('./commands/eval.js');
    return evalCommand(argv.slice(1), io.env, print);
  }
  if (argv[0] === 'predict') {
    const { predictCommand } = await import('./commands/predict.js');
    return predictCommand(argv.slice(1), print, stderr);
  }
  if (argv[0] === 'slurm') {
    const { slurmCommand } = await import('./commands/slurm.js');
    return slurmCommand(argv.slice(1), io);
  }
  // -V as well as -v: both spellings are common for the version.
  const args = argv.map((a, i) => (a === '-V' && i < flags.length ? '--version' : a));
  const { values, positionals } = parseCommandArgs(isCommand(argv[0]) ? argv[0] : '', args, OPTIONS);
  if (values.version) return print(`${VERSION}\n`);
  const [command, file, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') return print(HELP);
  if (command === 'validate') {
    const { validateCommand } = await import('./commands/validate.js');
    return validateCommand(positionals.slice(1), values.set ?? [], print, stderr);
  }
  if (command === 'diff' || command === 'compare') {
    const say = (s: string) => io.stderr.write(`${s}\n`);
    if (command === 'diff') {
      const { diffCommand } = await import('./commands/diff.js');
      return diffCommand({ positionals: positionals.slice(1), resultsRoot: values.results, json: values.json }, print, say);
    }
    const { compareCommand } = await import('./commands/compare.js');
    return compareCommand({ files: positionals.slice(1), resultsRoot: values.results, output: values.output }, print, say);
  }
  if (command === 'merge') {
    const { mergeCommand } = await import('./commands/merge.js');
    return mergeCommand(positionals.slice(1), values.into, print);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'init') {
    const { initCommand } = await import('./commands/init.js');
    return initCommand(file ?? '.', print);
  }
  if (!['run', 'report', 'plan', 'prune'].includes(command)) {
    const near = suggest(command, Object.keys(USAGE));
    throw new UsageError(
      `unknown command "${command}"${near ? ` — did you mean ${near}?` : ''} (commands: ${Object.keys(USAGE).join(', ')})`,
    );
  }
  if (file === undefined)
    throw new UsageError(`${command}: missing the experiment file, e.g. mlplab ${command} experiments/mnist-vs-fashion.yaml`);
  const sharding = (['shard', 'index', 'shards', 'missing'] as const).find((o) => values[o] !== undefined && values[o] !== false);
  if (sharding !== undefined && command !== 'run' && command !== 'plan')
    throw new UsageError(`${command}: --${sharding} is for run and plan (mlplab ${command} --help lists its options)`);
  if (values['one-stage'] && command !== 'run') throw new UsageError(`${command}: --one-stage is for run (mlplab run --help)`);
  const log = values.quiet ? { write: () => true } : io.stderr;
  // Node's own warnings are silenced with mlplab's (otherwise they print to stderr, as log does).
  if (values.quiet) io.silenceWarnings();
  const dataDir = dataDirOption(values['data-dir'], io.env.MLPLAB_DATA);
  const given = { file, set: values.set, dataDir, resultsRoot: values.results, allowModifiedData: values['allow-modified-data'] };

  if (command === 'report') {
    const { reportCommand } = await import('./commands/report.js');
    return reportCommand({ ...given, planOnly: values['plan-only'] }, (s) => log.write(`${s}\n`));
  }
  if (command === 'prune') {
    const { pruneCommand } = await import('./commands/prune.js');
    return pruneCommand({ ...given, yes: values.yes }, print);
  }

  const workers = workersOption(values.workers, defaultWorkers(), (s) => log.write(`${s}\n`));
  const selection = selectionOption(values.shard, values.index, io.env);
  if (command === 'plan') {
    const shards = values.shards === undefined ? undefined : shardCountOption(values.shards);
    const { planCommand } = await import('./commands/plan.js');
    return planCommand(
      { ...given, workers, force: values.force, upgrade: values.upgrade, selection, missing: values.missing, shards, env: io.env },
      print,
      stderr,
    );
  }
  const { runCommand } = await import('./commands/run.js');
  return runCommand(
    {
      ...given,
      workers,
      kernels: values.kernels,
      force: values.force,
      upgrade: values.upgrade,
      yes: values.yes,
      log,
      selection,
      oneStage: values['one-stage'],
    },
    io,
  );
}
