// A dataset's checksum, part of every run id: a run trained on other bytes is another run.
// It is the SHA-256 over the SHA-256s of the four decompressed IDX files (in IDX_FILES order), so
// it does not depend on gzip settings. When the files are found locally they are hashed; when
// they are not (a fresh clone without Fashion-MNIST, say) the pinned checksum of the official
// files is used — that is what a download would fetch and verify. Stored runs on the official
// data are therefore recognised on any machine, with or without the data.
//
// Hashing reads (and for gzipped files, inflates) every file: ~0.1 s for MNIST on every `mlplab`
// command. So each file's hash is remembered in the cache directory (checksums.json) with the
// file's size and modification time, and a file whose size and mtime are unchanged is not read
// again. (A file rewritten with other bytes of the same size within the same millisecond, with
// its mtime put back, would fool this; nothing that writes datasets does so.)

import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import type { DatasetName } from '../types.js';
import { DATASETS, IDX_FILES } from './datasets.js';
import { gunzipIfNeeded } from './idx.js';
import { candidates, defaultCacheDir, locate } from './locate.js';

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

function combine(fileHashes: readonly string[]): string {
  return sha256(fileHashes.join('\n'));
}

/** The checksum of the official files, from the hashes pinned in the registry. */
export function pinnedChecksum(name: DatasetName): string {
  return combine(IDX_FILES.map((f) => DATASETS[name].sha256[f]));
}

/** The checksum of the data a run would train on, found as loadDataset would find it. */
export async function datasetChecksum(name: DatasetName, opts: { dataDir?: string; cacheDir?: string } = {}): Promise<string> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const list = candidates(name, DATASETS[name], opts.dataDir, cacheDir);
  const { found } = await locate(name, list);
  if (found === undefined) return pinnedChecksum(name);
  const memo = await readMemo(cacheDir);
  let changed = false;
  const hashes: string[] = [];
  for (const f of IDX_FILES) {
    const path = resolve(found.files[f]);
    const { size, mtimeMs } = await stat(path);
    let known = memo[path];
    if (known?.size !== size || known.mtimeMs !== mtimeMs) {
      known = { size, mtimeMs, sha256: sha256(await gunzipIfNeeded(await readFile(path))) };
      memo[path] = known;
      changed = true;
    }
    hashes.push(known.sha256);
  }
  if (changed) await writeMemo(cacheDir, memo);
  return combine(hashes);
}

/** checksums.json: by absolute path, the SHA-256 of a file's decompressed bytes, with its size and mtime. */
type Memo = Record<string, { size: number; mtimeMs: number; sha256: string }>;
const MEMO_FILE = 'checksums.json';

async function readMemo(cacheDir: string): Promise<Memo> {
  try {
    const memo: unknown = JSON.parse(await readFile(join(cacheDir, MEMO_FILE), 'utf8'));
    return typeof memo === 'object' && memo !== null && !Array.isArray(memo) ? memo as Memo : {};
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
