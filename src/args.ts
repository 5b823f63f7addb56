// A command's arguments parsed against its options, with mistakes said in one line: an unknown
// flag is named with the nearest known one (`--wrokers` → `--workers`), instead of Node's parser
// text followed by the whole help.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggest } from './config/suggest.js';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `argv` parsed strictly against `options`; `command` names the command in messages (`run`, or `` for mlplab itself). */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  const help = command === '' ? 'mlplab --help' : `mlplab ${command} --help`;
  const where = command === '' ? '' : `${command}: `;
  const unknown = unknownFlag(argv, options);
  if (unknown !== undefined) {
    const near = unknown.startsWith('--') ? suggest(unknown.slice(2), Object.keys(options)) : undefined;
    throw new UsageError(`${where}unknown option ${unknown}${near === undefined ? '' : ` — did you mean --${near}?`} (${help} lists them)`);
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's messages run on ("… To specify a positional argument …"): the first sentence says it.
    const first = (err as Error).message.split(/(?<=\.) /)[0]!.replace(/\.$/, '');
    throw new UsageError(`${where}${first} (${help})`);
  }
}

/** The first flag of `argv` (before a `--`) that `options` do not define, as written (`--wrokers`, `-x`). */
export function unknownFlag(argv: readonly string[], options: Options): string | undefined {
  const shorts = new Set(Object.values(options).map((o) => o.short));
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0]!;
      if (!Object.hasOwn(options, name)) return `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      // `-ofile`: the letters after one that takes a value are that value.
      for (const letter of arg.slice(1)) {
        if (!shorts.has(letter)) return `-${letter}`;
        if (Object.values(options).find((o) => o.short === letter)?.type === 'string') break;
      }
    }
  }
  return undefined;
}
