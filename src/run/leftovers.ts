// Checkpoints of runs that are stored already can never be resumed: `mlplab run` skips those runs.
// They are left by a `run --force` interrupted while retraining a stored run (or by a kill between
// a result's write and its checkpoint's removal), and would otherwise lie there for good. So are
// the temp files of writes cut short by a kill (util/atomic.ts). Other processes may be training in
// the same folder (run/claim.ts), and only they write there: a temp file named after a process that
// is gone from this host is removed at once unless a process on another host holds a claim here
// (pids mean nothing across hosts), else once it is older than a minute (a live write renames its
// temp file within moments); a checkpoint is left alone while its run is claimed.

import { readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { removeCheckpoint } from '../train/checkpoint-file.js';
import { claimsDir, DEFAULT_TIMING, liveClaims, processExists } from './claim-file.js';
import { checkpointPath, runsDir } from './store.js';

/**
 * Removes the checkpoints of stored runs that are not about to train nor claimed by another
 * process, and old temp files in the checkpoints, runs and claims folders; returns the ids whose
 * checkpoint went.
 */
export function removeLeftovers(
  dir: string,
  stored: ReadonlySet<string>,
  training: ReadonlySet<string>,
  staleMs = DEFAULT_TIMING.staleMs,
  now = Date.now(),
): string[] {
  const checkpoints = dirname(checkpointPath(dir, 'x'));
  const claimed = liveClaims(dir, now, staleMs);
  const onlyHere = [...claimed.values()].every((c) => c.host === hostname());
  for (const folder of [checkpoints, runsDir(dir), claimsDir(dir)]) {
    for (const name of list(folder).filter((n) => (n.startsWith('.') && n.endsWith('.tmp')) || n.endsWith('.old'))) {
      const path = join(folder, name);
      const pid = Number(/\.(\d+)\.[0-9a-f-]{36}\.(?:tmp|old)$/.exec(name)?.[1]);
      if ((onlyHere && pid > 0 && !processExists(pid)) || olderThan(path, now - TEMP_FILE_MS)) rmSync(path, { force: true });
    }
  }
  const orphans = list(checkpoints)
    .filter((n) => n.endsWith('.ckpt'))
    .map((n) => n.slice(0, -'.ckpt'.length))
    .filter((id) => stored.has(id) && !training.has(id) && !claimed.has(id))
    .sort();
  for (const id of orphans) removeCheckpoint(checkpointPath(dir, id));
  return orphans;
}

/** Older than this, a temp file is no live write's. */
const TEMP_FILE_MS = 60_000;

function olderThan(path: string, time: number): boolean {
  try {
    return statSync(path).mtimeMs < time;
  } catch {
    return false; // gone meanwhile
  }
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return []; // no such folder yet: nothing to tidy
  }
}
