// A dataset's checksum, part of every run id: a run trained on other bytes is another run.
// It is the SHA-256 over the SHA-256s of the four decompressed IDX files (in IDX_FILES order), so
// it does not depend on gzip settings. When the files are found locally they are hashed; when
// they are not (a fresh clone without Fashion-MNIST, say) the pinned checksum of the official
// files is used — that is what a download would fetch and verify. Stored runs on the official
// data are therefore recognised on any machine, with or without the data.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
  const list = candidates(name, DATASETS[name], opts.dataDir, opts.cacheDir ?? defaultCacheDir());
  const { found } = await locate(name, list);
  if (found === undefined) return pinnedChecksum(name);
  const hashes: string[] = [];
  for (const f of IDX_FILES) hashes.push(sha256(await gunzipIfNeeded(await readFile(found.files[f]))));
  return combine(hashes);
}
