// A dataset's checksum, part of every run id: a run trained on other bytes is another run.
// It is the SHA-256 over the SHA-256s of the four decompressed IDX files (in IDX_FILES order), so
// it does not depend on gzip settings. When the files are found locally they are hashed; when
// they are not (a fresh clone without Fashion-MNIST, say) the pinned checksum of the official
// files is used — that is what a download would fetch and verify. Stored runs on the official
// data are therefore recognised on any machine, with or without the data. Local files of a
// registered dataset must be the official ones (official.ts) unless the user allows otherwise.
//
// Hashing reads (and for gzipped files, inflates) every file on every `mlplab` command, so each
// file's hash is remembered in the cache directory (checksums.json) with its device, inode, size,
// mtime and ctime, and a file whose stamp is unchanged is not read again. The mtime alone can be
// set back (`touch -r`) after the bytes change; the ctime cannot. The memo still only decides
// what is planned: `mlplab run` hashes the bytes it trains on (load.ts) and refuses them when they
// are not the bytes of the run ids, dropping the entries that misled it (forgetFiles).

import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { DATASETS, type BuiltinName, IDX_FILES, type DatasetEntry, type IdxFileName } from './datasets.js';
import { parseIdx, readDecompressed } from './idx.js';
import { candidates, defaultCacheDir, locate } from './locate.js';
import { combine, refuseModified, sha256 } from './official.js';

export { pinnedChecksum } from './official.js';

export interface ChecksumOptions {
  dataDir?: string;
  cacheDir?: string;
  /** Replaces the registry entry, as LoadOptions.entry does (tests). */
  entry?: DatasetEntry;
  /** Accept local files whose bytes are not the entry's (--allow-modified-data). */
  allowModified?: boolean;
}

/** The checksum of the data a run would train on, found as loadDataset would find it. */
export async function datasetChecksum(name: BuiltinName, opts: ChecksumOptions = {}): Promise<string> {
  const entry = opts.entry ?? DATASETS[name];
  return (await localChecksum(name, opts)) ?? combine(IDX_FILES.map((f) => entry.sha256[f]));
}

/** The checksum of the files found on this machine, or undefined when there are none. */
export async function localChecksum(name: BuiltinName, opts: ChecksumOptions = {}): Promise<string | undefined> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const entry = opts.entry ?? DATASETS[name];
  const { found } = await locate(name, candidates(name, entry, opts.dataDir, cacheDir));
  if (found === undefined) return undefined;
  const memo = await readMemo(cacheDir);
  let changed = false;
  const files: { file: IdxFileName; path: string; sha256: string }[] = [];
  for (const file of IDX_FILES) {
    const path = resolve(found.files[file]);
    const stamp = await stampOf(path);
    let known = memo[path];
    if (known?.stamp !== stamp) {
      known = { stamp, sha256: await hashFile(path, file) };
      memo[path] = known;
      changed = true;
    }
    files.push({ file, path, sha256: known.sha256 });
  }
  if (changed) await writeMemo(cacheDir, memo);
  if (opts.allowModified !== true) refuseModified(name, entry, files);
  return combine(files.map((f) => f.sha256));
}

/**
 * Drops the memo entries of these files and returns those whose remembered hash is not the one
 * given (the bytes changed under the memo), so that the next command hashes them afresh.
 */
export async function forgetFiles(cacheDir: string, actual: readonly { path: string; sha256: string }[]): Promise<string[]> {
  const memo = await readMemo(cacheDir);
  const stale = actual.filter(({ path, sha256: h }) => memo[resolve(path)] !== undefined && memo[resolve(path)]!.sha256 !== h);
  for (const { path } of actual) delete memo[resolve(path)];
  await writeMemo(cacheDir, memo);
  return stale.map((f) => f.path);
}

/** Device, inode, size, mtime and ctime, to the nanosecond where the file system keeps it. */
async function stampOf(path: string): Promise<string> {
  const s = await stat(path, { bigint: true });
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
}

/** The hash of a file's decompressed bytes, once they are known to be a whole IDX file. */
async function hashFile(path: string, file: IdxFileName): Promise<string> {
  const bytes = await readDecompressed(path);
  // A truncated file is reported as truncated, not as data that differs from the official.
  parseIdx(bytes, path, file.includes('images') ? 3 : 1);
  return sha256(bytes);
}

/** checksums.json: by absolute path, the SHA-256 of a file's decompressed bytes, with its stamp (stampOf). */
type Memo = Record<string, { stamp: string; sha256: string }>;
const MEMO_FILE = 'checksums.json';

async function readMemo(cacheDir: string): Promise<Memo> {
  try {
    const memo: unknown = JSON.parse(await readFile(join(cacheDir, MEMO_FILE), 'utf8'));
    return typeof memo === 'object' && memo !== null && !Array.isArray(memo) ? (memo as Memo) : {};
  } catch {
    return {}; // none yet, or unreadable: hash the files
  }
}

/** Best effort: a cache directory that cannot be written only costs the hashing next time. */
async function writeMemo(cacheDir: string, memo: Memo): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(join(cacheDir, MEMO_FILE), `${JSON.stringify(memo, null, 1)}\n`);
  } catch {
    // ignored
  }
}
