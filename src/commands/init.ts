// `mlplab init [dir]`: start a project that uses mlplab. It only creates files: the example
// experiment is refused if it exists, and an existing .gitignore or README.md is left as it is,
// with what to add printed instead — a user's own files are theirs to edit.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { EXAMPLE_EXPERIMENT, GITIGNORE, GITIGNORE_LINES, README_SECTION } from './init-files.js';

const EXAMPLE = join('experiments', 'example.yaml');

/** Writes `text` to `path` unless something is there; false when it was. */
function create(path: string, text: string): boolean {
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** The .gitignore lines still missing from the file at `path`. */
function missingIgnores(path: string): string[] {
  const present = new Set(
    readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim()),
  );
  return GITIGNORE_LINES.filter((line) => !present.has(line));
}

export function initCommand(dir: string, print: (text: string) => unknown): number {
  // Paths as the user wrote the folder, so that they can be pasted back.
  const shown = (file: string): string => join(dir, file);
  const example = join(dir, EXAMPLE);
  if (existsSync(example)) {
    throw new UsageError(`init: ${shown(EXAMPLE)} already exists and init overwrites nothing: move it away, or init another folder`);
  }
  mkdirSync(join(dir, 'experiments'), { recursive: true });
  if (!create(example, EXAMPLE_EXPERIMENT)) throw new UsageError(`init: ${shown(EXAMPLE)} appeared while init ran; nothing overwritten`);
  const created = [shown(EXAMPLE)];
  const toAdd: string[] = [];

  const gitignore = join(dir, '.gitignore');
  if (create(gitignore, GITIGNORE)) created.push(shown('.gitignore'));
  else {
    const missing = missingIgnores(gitignore);
    if (missing.length > 0) toAdd.push(`Add to ${shown('.gitignore')} (mlplab's caches):\n\n${missing.join('\n')}\n`);
  }
  if (create(join(dir, 'README.md'), `# ${README_SECTION.slice('## '.length)}`)) created.push(shown('README.md'));
  else toAdd.push(`Add to ${shown('README.md')} (it is left as it is):\n\n${README_SECTION}`);

  const inDir = shown('.') === '.' ? '' : `cd ${shown('.')} && `;
  print(`created ${created.join(', ')}\n`);
  for (const text of toAdd) print(`\n${text}`);
  print(`\nnext: ${inDir}npx mlplab run ${EXAMPLE}\n`);
  return 0;
}
