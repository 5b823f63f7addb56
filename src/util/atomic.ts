// Atomic file writes, the one rule for every file mlplab writes that a user keeps (checkpoints, run
// files, report files, the checksum cache): the new bytes go in full to a hidden temp file in the
// target's own directory, are flushed, and only then renamed over the target. A reader (or a
// second `mlplab` process, or the next run after a kill -9 or a full disk) sees either the old
// file or the complete new one, never a torn one. On any failure the temp file is removed and the
// previous file is untouched.
//
// Synchronous on purpose: the worker writes its checkpoint between epochs from synchronous code,
// and the main thread's files are small, so one implementation serves both.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** fs.writeSync's shape: how many bytes of data[offset, offset + length) reached the file. */
export type Writer = (fd: number, data: Uint8Array, offset: number, length: number) => number;

/** A new file complete and flushed under a temp name beside `path`, waiting for its rename. */
export interface Staged {
  path: string;
  tmp: string;
}

/**
 * Writes `data` in full to a temp file beside `path` and flushes it. A write may store fewer bytes
 * than asked (a nearly full disk does that before it says ENOSPC), so it loops until all are
 * written; the next write then reports the real error instead of a truncated file being kept.
 */
export function stageFile(path: string, data: string | Uint8Array, write: Writer = writeSync): Staged {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  // Dot-prefixed so a crash leaves nothing that globs like `runs/*.json` would pick up;
  // pid + UUID so concurrent writers (processes or worker threads) never share a temp file.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (let at = 0; at < bytes.length; ) {
        const n = write(fd, bytes, at, bytes.length - at);
        if (!(n > 0))
          throw Object.assign(new Error(`ENOSPC: wrote ${at} of ${bytes.length} bytes, write '${tmp}'`), { code: 'ENOSPC', path: tmp });
        at += n;
      }
      // Flush before the rename, or a power cut could leave the new name on empty contents.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    discard({ path, tmp });
    throw err;
  }
  return { path, tmp };
}

/** Puts a staged file in place of its target (atomic within one directory). */
export function commitFile(staged: Staged): void {
  try {
    renameSync(staged.tmp, staged.path);
  } catch (err) {
    discard(staged);
    throw err;
  }
}

/** Drops a staged file that will not be committed; best effort, the original error is what matters. */
export function discard(staged: Staged): void {
  try {
    rmSync(staged.tmp, { force: true });
  } catch {
    // ignored
  }
}

/** Writes `data` to `path` via a hidden temp file in the same directory, a flush and a rename. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, write?: Writer): void {
  commitFile(stageFile(path, data, write));
}

/** writeFileAtomicSync for async callers. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  writeFileAtomicSync(path, data);
}
