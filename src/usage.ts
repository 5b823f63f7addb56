// What `mlplab <command> --help` prints: the command's synopsis, what it does, and the options it
// reads, each option described once here (OPTION_TEXT) for every command that takes it.

/** Each option's line(s) in a help text, as `--name ARG  what it does`. */
export const OPTION_TEXT = {
  workers: (cores: number) =>
    `--workers N     worker threads (default: the number of cores, ${cores} here;\n                slurm: per task, one core each, default 1)`,
  kernels:
    '--kernels K     the matrix products: wasm (default; portable, bit-reproducible), blas (the\n                system BLAS through koffi: faster, last bits may differ) or auto (blas if it\n                loads); also: MLPLAB_KERNELS',
  results: '--results DIR   where results/<experiment>/ goes (default: results)',
  'data-dir': '--data-dir DIR  look for datasets here first (also: MLPLAB_DATA)',
  force: '--force         retrain runs that are already stored',
  upgrade: '--upgrade       retrain stored runs computed by an older numerics version (stale)',
  'allow-modified-data':
    '--allow-modified-data\n                use local MNIST / Fashion-MNIST files that differ from the official ones\n                (refused otherwise; the runs get ids of their own and the report says so)',
  yes: '--yes           start a sweep of over 1,000 runs or an hour without asking;\n                prune: delete what it lists',
  'plan-only': "--plan-only     report: only the runs of the file's plan (then --set and --data-dir apply)",
  quiet: '--quiet         no progress output',
  set: '--set PATH=VAL  override a field, VAL in YAML (repeatable): --set train.epochs=3',
  json: '--json          diff: the diff as JSON instead of Markdown',
  output: '-o, --output F  compare: write the table to F (.md) and the plot beside it (.svg)',
  shard:
    '--shard I/N     only shard I of N of the plan (from 0, balanced by cost); run writes no report.\n                auto/N: I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (a job array task)',
  index: '--index K       only run K of the plan (from 0, the # column of mlplab plan), no report',
  'one-stage':
    "--one-stage     a search: train only the runs the current rung waits for, then stop;\n                stored failed runs rank last instead of training again (slurm's tasks)",
  missing:
    '--missing       plan: the tasks with runs to train, first as one --array= line (0,3,5-7);\n                slurm: submit only those shards',
  shards:
    '--shards N      plan --missing: tasks are shards of N (default: one run per task, by #);\n                slurm: an array of N shards (default: as many as runs, at most 100)',
  'max-parallel': '--max-parallel K\n                slurm: at most K tasks of the array run at once (--array=…%K)',
  partition: '--partition P   slurm: submit to partition P (#SBATCH --partition)',
  account: '--account A     slurm: charge account A (#SBATCH --account)',
  next: "--next S:A      slurm: given by a search's follow-up job: the stage its array trained and\n                how many arrays that stage has had; not for typing",
  'sbatch-line': '--sbatch-line=L slurm: one more #SBATCH option, e.g. --sbatch-line=--mem=4G (repeatable)',
  submit:
    '--submit        slurm: write the scripts to results/<experiment>/slurm/ and submit them\n                with sbatch (default: print them)',
  into: '--into DIR      merge: the results folder to copy the run files into',
} as const;

export type OptionName = keyof typeof OPTION_TEXT;

interface Usage {
  synopsis: string;
  about: string;
  options: readonly OptionName[];
}

/** Every command, in the order of the general help. */
export const USAGE = {
  run: {
    synopsis: 'mlplab run <experiment.yaml> [options]',
    about: 'train the runs not yet stored, then write the report',
    options: [
      'workers',
      'kernels',
      'results',
      'data-dir',
      'set',
      'shard',
      'index',
      'one-stage',
      'force',
      'upgrade',
      'allow-modified-data',
      'yes',
      'quiet',
    ],
  },
  report: {
    synopsis: 'mlplab report <experiment.yaml> [options]',
    about: 'redraw the report from every stored run (no training, no data)',
    options: ['results', 'plan-only', 'set', 'data-dir', 'allow-modified-data', 'quiet'],
  },
  plan: {
    synopsis: 'mlplab plan <experiment.yaml> [options]',
    about: 'list every run (#, id, changes, size, time estimate, stored?)',
    options: ['workers', 'results', 'data-dir', 'set', 'shard', 'index', 'missing', 'shards', 'force', 'upgrade', 'allow-modified-data'],
  },
  prune: {
    synopsis: 'mlplab prune <experiment.yaml> [options]',
    about: 'list stored runs not in the plan and dead files; --yes deletes',
    options: ['results', 'data-dir', 'set', 'allow-modified-data', 'yes'],
  },
  slurm: {
    synopsis: 'mlplab slurm <experiment.yaml> [options]',
    about: 'the sweep as a Slurm job array of shards (a search: one per rung) and a report job; --submit submits them',
    options: [
      'shards',
      'workers',
      'max-parallel',
      'partition',
      'account',
      'sbatch-line',
      'submit',
      'missing',
      'next',
      'results',
      'data-dir',
      'set',
      'allow-modified-data',
    ],
  },
  merge: {
    synopsis: 'mlplab merge <DIR…> --into <results>',
    about: 'copy run files from other results folders into one (another result for a run: refused)',
    options: ['into'],
  },
  validate: {
    synopsis: 'mlplab validate [experiment.yaml…]',
    about: 'check experiment files (default: experiments/*.yaml)',
    options: ['set'],
  },
  init: { synopsis: 'mlplab init [dir]', about: 'start a project: experiments/example.yaml, .gitignore, README', options: [] },
  eval: {
    synopsis: 'mlplab eval <model.safetensors> [--dataset NAME | --data FILE.csv] [--data-dir DIR]',
    about: "a saved model's accuracy, loss and confusion matrix",
    options: [],
  },
  predict: {
    synopsis: 'mlplab predict <model.safetensors> <input.idx|.npy|.csv> [-o predictions.csv]',
    about: "a saved model's class probabilities for each example",
    options: [],
  },
  compare: {
    synopsis: 'mlplab compare <a.yaml> <b.yaml>… [-o compare.md]',
    about: 'the stored runs of several experiments in one table and plot',
    options: ['results', 'output'],
  },
  diff: {
    synopsis: 'mlplab diff [REV] [experiment.yaml…] [--json]',
    about: 'stored runs at git revision REV (default HEAD) against the work tree',
    options: ['results', 'json'],
  },
} as const satisfies Record<string, Usage>;

export type CommandName = keyof typeof USAGE;

export function isCommand(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(USAGE, word);
}

/** `mlplab <command> --help`. */
export function commandHelp(command: CommandName, cores: number): string {
  const u: Usage = USAGE[command];
  const lines = [`Usage: ${u.synopsis}`, '', `  ${u.about}`];
  if (u.options.length > 0) lines.push('', 'Options:', ...u.options.map((o) => `  ${optionText(o, cores)}`.replace(/\n/g, '\n  ')));
  return `${lines.join('\n')}\n`;
}

export function optionText(name: OptionName, cores: number): string {
  const text = OPTION_TEXT[name];
  return typeof text === 'function' ? text(cores) : text;
}
