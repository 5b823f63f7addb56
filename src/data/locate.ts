// Finding a dataset on disk. Candidate directories are tried in order and the first that holds
// all four IDX files (each raw or .gz) wins; the others are remembered with the reason they were
// passed over, so the "not found" message can list every place we looked.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { DATASETS, type BuiltinName, IDX_FILES, type DatasetEntry, type IdxFileName } from './datasets.js';
import { readDecompressed } from './idx.js';

export interface Candidate {
  dir: string;
  /** How this directory came to be tried, e.g. "--data-dir / MLPLAB_DATA" or "cache". */
  via: string;
}

export interface Located extends Candidate {
  files: Record<IdxFileName, string>;
}

/** `$XDG_CACHE_HOME/mlplab`, else `~/.cache/mlplab` (the XDG spec says to ignore relative paths). */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'mlplab');
}

/** The data directory inside an installed npm package, or undefined when it is not installed. */
function packageDataDir(pkg: { name: string; dataDir: string }): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${pkg.name}/package.json`);
    return join(dirname(manifest), pkg.dataDir);
  } catch {
    return undefined;
  }
}

/** Every local directory to try, in resolution order. */
export function candidates(name: BuiltinName, entry: DatasetEntry, dataDir: string | undefined, cacheDir: string): Candidate[] {
  const list: Candidate[] = [];
  if (dataDir !== undefined) {
    const via = '--data-dir / MLPLAB_DATA';
    list.push({ dir: join(dataDir, name), via }, { dir: dataDir, via });
  }
  list.push({ dir: join(cacheDir, name), via: 'cache' });
  for (const dir of entry.systemDirs) list.push({ dir, via: 'system location' });
  if (entry.npmPackage) {
    const dir = packageDataDir(entry.npmPackage);
    if (dir !== undefined) list.push({ dir, via: `npm package ${entry.npmPackage.name}` });
  }
  return list;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The path of `<dir>/<file>` or `<dir>/<file>.gz` (raw preferred: no gunzip needed), if any. */
export async function findFile(dir: string, file: string): Promise<string | undefined> {
  for (const path of [join(dir, file), join(dir, `${file}.gz`)]) {
    if (await isFile(path)) return path;
  }
  return undefined;
}

/**
 * The name of another registered dataset whose test labels these are, if any. A flat
 * `--data-dir` holding MNIST would otherwise also "be" Fashion-MNIST, since the two share file
 * names and shapes; hashing the 10 kB label file is a cheap way to tell them apart.
 */
async function impostor(name: BuiltinName, labelsPath: string): Promise<string | undefined> {
  // An unreadable file or a bad gzip is a DataError naming it: the dataset cannot be read anyway.
  const bytes = await readDecompressed(labelsPath);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const others = Object.entries(DATASETS).filter(([other]) => other !== name);
  return others.find(([, e]) => e.sha256['t10k-labels-idx1-ubyte'] === sha)?.[0];
}

/** The first candidate holding all four files, and why each earlier one was passed over. */
export async function locate(name: BuiltinName, list: readonly Candidate[]): Promise<{ found?: Located; tried: string[] }> {
  const tried: string[] = [];
  for (const c of list) {
    const files: Partial<Record<IdxFileName, string>> = {};
    const missing: string[] = [];
    for (const f of IDX_FILES) {
      const path = await findFile(c.dir, f);
      if (path === undefined) missing.push(f);
      else files[f] = path;
    }
    if (missing.length === IDX_FILES.length) {
      tried.push(`${c.dir} (${c.via}): no dataset files`);
      continue;
    }
    if (missing.length > 0) {
      tried.push(`${c.dir} (${c.via}): missing ${missing.join(', ')}`);
      continue;
    }
    const complete = files as Record<IdxFileName, string>;
    const other = await impostor(name, complete['t10k-labels-idx1-ubyte']);
    if (other !== undefined) {
      tried.push(`${c.dir} (${c.via}): holds ${other}, not ${name}`);
      continue;
    }
    return { found: { ...c, files: complete }, tried };
  }
  return { found: undefined, tried };
}
