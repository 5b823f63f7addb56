// The official files of each registered dataset, as pinned in the registry: the checksum their
// runs carry, and the refusal of a local copy whose bytes differ. A run on other bytes is not a run
// on MNIST, so training on one takes the user's say-so (--allow-modified-data), and its report
// says so (report/runs/modified-data.ts asks isOfficial).

import { createHash } from 'node:crypto';
import { DATASETS, type BuiltinName, isBuiltin, IDX_FILES, type DatasetEntry, type IdxFileName } from './datasets.js';
import { DataError } from './errors.js';

export const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** A dataset's checksum: the SHA-256 over its four files' SHA-256s, in IDX_FILES order. */
export function combine(fileHashes: readonly string[]): string {
  return sha256(fileHashes.join('\n'));
}

/** The checksum of the official files, from the hashes pinned in the registry. */
export function pinnedChecksum(name: BuiltinName): string {
  return combine(IDX_FILES.map((f) => DATASETS[name].sha256[f]));
}

/** True when a run's data checksum is that of the official files of its dataset. */
export function isOfficial(name: string, checksum: string): boolean {
  return isBuiltin(name) && checksum === pinnedChecksum(name);
}

/** Refuses files whose decompressed bytes are not the entry's, naming each with both hashes. */
export function refuseModified(
  name: BuiltinName,
  entry: DatasetEntry,
  files: readonly { file: IdxFileName; path: string; sha256: string }[],
): void {
  const differ = files.filter((f) => f.sha256 !== entry.sha256[f.file]);
  if (differ.length === 0) return;
  const hashes = (f: (typeof differ)[number]): string => `SHA-256 (decompressed) expected ${entry.sha256[f.file]}, got ${f.sha256}`;
  const what =
    differ.length === 1
      ? `${differ[0]!.path}: not the official ${name} file — ${hashes(differ[0]!)}; replace it`
      : `not the official ${name} files:\n${differ.map((f) => `  ${f.path}: ${hashes(f)}\n`).join('')}replace them`;
  throw new DataError(
    `${what} (re-download or reinstall ${name}), or pass --allow-modified-data to train on the modified data under run ids of its own`,
  );
}
