// Atomic file writes: a reader (or a second `mlplab` process) sees either the old file or the
// complete new one, never a half-written file, because rename(2) within one directory is atomic.
// The temp file lives in the target's own directory so the rename never crosses a filesystem.

import { open, rename, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `path` via a hidden temp file in the same directory and a rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // Dot-prefixed so a crash leaves nothing that globs like `runs/*.json` would pick up;
  // pid + UUID so concurrent writers of the same file never share a temp file.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      // Flush before the rename, or a power cut could leave the new name on empty contents.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined); // best effort: the original error is what matters
    throw err;
  }
}
