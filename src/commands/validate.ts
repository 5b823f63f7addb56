// `mlplab validate [files…]`: check experiment files without training or writing anything — every
// file named, or all of experiments/*.yaml — and say how many runs each expands to.

import { readdirSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { ConfigError, expandRuns, loadExperiment } from '../config/index.js';
import { pinnedChecksum } from '../data/checksum.js';
import { DATASETS, type BuiltinName } from '../data/datasets.js';
import { loadDeclared, type LoadedDeclared } from '../data/declared.js';
import { DataError } from '../data/errors.js';
import { UsageError } from '../errors.js';
import { fitCheck } from '../run/resolve.js';

const DEFAULT_DIR = 'experiments';

/** The experiment files of `dir`, sorted. */
function experimentFiles(dir = DEFAULT_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new UsageError(`validate: no ${dir}/ folder here; name the experiment files to check`);
  }
  const files = names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
  if (files.length === 0) throw new UsageError(`validate: no .yaml files in ${dir}/`);
  return files;
}

/**
 * The number of runs of a valid file; throws ConfigError for an invalid one (a run too large to fit
 * in memory included), DataError for a declared dataset whose files are not good data.
 */
export async function countRuns(file: string, set: readonly string[] = []): Promise<number> {
  const loaded = loadExperiment(file, { set });
  // A declared dataset is read (its classes and size come from it, and its data is checked); for the
  // built-in ones the run count does not depend on the bytes, so the pinned checksums do.
  const declared = new Map<string, LoadedDeclared>();
  for (const [name, declaration] of loaded.declared) declared.set(name, await loadDeclared(name, declaration, false));
  const ctx = {
    classesOf: (d: string) => declared.get(d)?.dataset.classes.length ?? DATASETS[d as BuiltinName].classes.length,
    checksumOf: (d: string) => declared.get(d)?.sha256 ?? pinnedChecksum(d as BuiltinName),
    declaredOf: (d: string) => declared.get(d)?.spec,
    check: fitCheck(totalmem()),
  };
  return expandRuns(loaded, ctx).length;
}

/** 0 when every file is valid, 2 when any is not; one line per valid file, the problems of the others. */
export async function validateCommand(
  files: readonly string[],
  set: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  let invalid = 0;
  for (const file of files.length > 0 ? files : experimentFiles()) {
    try {
      const runs = await countRuns(file, set);
      out(`ok ${file} (${runs} run${runs === 1 ? '' : 's'})\n`);
    } catch (e) {
      if (!(e instanceof ConfigError || e instanceof DataError)) throw e;
      invalid++;
      err(`${e.message}\n`);
    }
  }
  return invalid > 0 ? 2 : 0;
}
