// The results store: results/<experiment>/runs/<run-id>.json, one file per finished run,
// each written atomically. Reading tolerates nothing half-written because nothing ever is.

import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../types.js';
import { writeFileAtomic } from '../util/atomic.js';

export function experimentDir(resultsRoot: string, experiment: string): string {
  return join(resultsRoot, experiment);
}

export function runsDir(dir: string): string {
  return join(dir, 'runs');
}

/** Per-epoch checkpoints of runs in progress: a cache, never committed (see .gitignore). */
export function checkpointPath(dir: string, id: string): string {
  return join(dir, '.checkpoints', `${id}.ckpt`);
}

export function runPath(dir: string, id: string): string {
  return join(runsDir(dir), `${id}.json`);
}

export async function writeRun(dir: string, result: RunResult): Promise<string> {
  const path = runPath(dir, result.id);
  await mkdir(runsDir(dir), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

/** Every stored run of an experiment, by id (an empty map when nothing was run yet). */
export async function readRuns(dir: string): Promise<Map<string, RunResult>> {
  const runs = new Map<string, RunResult>();
  let names: string[];
  try {
    names = await readdir(runsDir(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return runs;
    throw err;
  }
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const result = JSON.parse(await readFile(join(runsDir(dir), name), 'utf8')) as RunResult;
    runs.set(result.id, result);
  }
  return runs;
}
