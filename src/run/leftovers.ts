// Checkpoints of runs that are stored already can never be resumed: `mlplab run` skips those runs.
// They are left by a `run --force` interrupted while retraining a stored run (or by a kill between
// a result's write and its checkpoint's removal), and would otherwise lie there for good. So are
// the temp files of writes cut short by a kill (util/atomic.ts).

import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeCheckpoint } from '../train/checkpoint-file.js';
import { checkpointPath, runsDir } from './store.js';

/**
 * Removes the checkpoints of stored runs that are not about to train, and leftover temp files in
 * the checkpoints and runs folders; returns the ids whose checkpoint went. Only under the
 * experiment's lock: then no other process is writing there.
 */
export function removeLeftovers(dir: string, stored: ReadonlySet<string>, training: ReadonlySet<string>): string[] {
  const checkpoints = dirname(checkpointPath(dir, 'x'));
  for (const folder of [checkpoints, runsDir(dir)]) {
    for (const name of list(folder).filter((n) => n.startsWith('.') && n.endsWith('.tmp'))) rmSync(join(folder, name), { force: true });
  }
  const orphans = list(checkpoints)
    .filter((n) => n.endsWith('.ckpt'))
    .map((n) => n.slice(0, -'.ckpt'.length))
    .filter((id) => stored.has(id) && !training.has(id))
    .sort();
  for (const id of orphans) removeCheckpoint(checkpointPath(dir, id));
  return orphans;
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return []; // no such folder yet: nothing to tidy
  }
}
