// A user's mistake in an experiment file. The CLI prints `error.message` alone and exits 2, so the
// message must stand on its own: one line per problem, `file:line:col: field.path: what is wrong`.

import { formatPath, type FieldPath } from './path.js';
import { clip } from './quote.js';

export interface ConfigProblem {
  /** The experiment file as the user named it; '' when the data did not come from a file. */
  file: string;
  /** 1-based; 0 when not known yet (expand is pure and knows no positions, see index.ts). */
  line: number;
  col: number;
  path: FieldPath;
  /** What is wrong, without location or field path. */
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.file !== '' && p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return [where, shownPath(p.path), p.message].filter((part) => part !== '').join(': ');
}

/** The field path as a message shows it: a key of garbage (a binary file's) is cut short. */
function shownPath(path: FieldPath): string {
  return formatPath(path.map((segment) => (typeof segment === 'string' ? clip(segment) : segment)));
}

/** A problem known only by its field (no file position yet). */
export function fieldProblem(path: FieldPath, message: string): ConfigProblem {
  return { file: '', line: 0, col: 0, path, message };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Every problem found, in file order. The fields below repeat the first one's. */
  readonly problems: readonly ConfigProblem[];
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted field path, e.g. `model.layers[2]`; '' for the whole file. */
  readonly path: string;

  constructor(problems: readonly ConfigProblem[]) {
    if (problems.length === 0) throw new RangeError('ConfigError needs at least one problem');
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
    const first = problems[0];
    this.file = first.file;
    this.line = first.line;
    this.col = first.col;
    this.path = shownPath(first.path);
  }
}
