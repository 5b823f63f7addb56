// The results store: results/<experiment>/runs/<run-id>.json, one file per finished run,
// each written atomically, and each checked when read (a file can still be damaged, truncated or
// edited after it was written).

import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { legacyRunId } from '../config/id.js';
import { isStale } from '../train/numerics.js';
import type { RunResult } from '../types.js';
import { writeFileAtomic } from '../util/atomic.js';
import { InvalidRunFile, parseRunFile } from './run-file.js';

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

/** A trained network waiting for the end of its sweep, when `save:` decides whether it is kept (never committed). */
export function stagedModelPath(dir: string, id: string): string {
  return join(dir, '.models', `${id}.safetensors`);
}

/** A kept network (experiment `save:`), for `mlplab eval` and `predict`. */
export function modelPath(dir: string, id: string): string {
  return join(dir, 'models', `${id}.safetensors`);
}

export function runPath(dir: string, id: string): string {
  return join(runsDir(dir), `${id}.json`);
}

/**
 * Stores a finished run. A file of the same run written by mlplab 0.1 under its old id (see
 * run-file.ts) is removed once the new one is in place: one file per run.
 */
/** The file a stored run was read from: its own, or the one mlplab 0.1 named after its whole spec. */
export function storedFile(dir: string, run: RunResult): string {
  const path = runPath(dir, run.id);
  return existsSync(path) ? path : runPath(dir, legacyRunId(run.spec));
}

export async function writeRun(dir: string, result: RunResult): Promise<string> {
  const path = runPath(dir, result.id);
  await mkdir(runsDir(dir), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  const legacy = legacyRunId(result.spec);
  if (legacy !== result.id) await rm(runPath(dir, legacy), { force: true });
  return path;
}

/**
 * Whether `mlplab run` trains a run, given what is stored under its id (the rule `mlplab plan`
 * reports too). A stored run is reused unless it failed or stopped at a search rung: a failure may be transient (a full disk,
 * a killed worker), while a run that diverged is a result. A stale run (computed by an older
 * numerics version, train/numerics.ts) is retrained with --upgrade; --force retrains everything.
 */
export function needsTraining(stored: RunResult | undefined, force: boolean, upgrade = false): boolean {
  return force || stored === undefined || stored.status === 'failed' || !finished(stored) || (upgrade && isStale(stored));
}

/** Whether a stored run is a whole run: not one stopped at a search rung (paused or pruned), which a grid trains on. */
export function finished(stored: RunResult): boolean {
  return stored.status !== 'paused' && stored.status !== 'pruned';
}

/** The valid stored run `id`, or undefined (none, or a file that is not valid: readRuns names those). */
export function readRun(dir: string, id: string): RunResult | undefined {
  try {
    return parseRunFile(readFileSync(runPath(dir, id), 'utf8'), id);
  } catch {
    return undefined;
  }
}

/**
 * The valid stored runs among `planned`, by id, each read from its own file (or its 0.1 name): what
 * a shard reads, instead of the whole folder that 100 tasks would otherwise each read at start.
 */
export function readRunsOf(
  dir: string,
  planned: readonly { id: string; spec: RunResult['spec'] }[],
  note: (text: string) => void,
): Map<string, RunResult> {
  const runs = new Map<string, RunResult>();
  for (const { id, spec } of planned) {
    for (const name of new Set([id, legacyRunId(spec)])) {
      const path = runPath(dir, name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // not stored (under this name)
      }
      try {
        runs.set(id, parseRunFile(text, name));
        break;
      } catch (err) {
        const problem = err instanceof InvalidRunFile ? err.message : `cannot be read: ${(err as Error).message}`;
        note(`mlplab: ${path} is not a valid run file (${problem}) — \`mlplab run\` retrains its run`);
      }
    }
  }
  return runs;
}

/**
 * Every valid stored run of an experiment, by id (an empty map when nothing was run yet). A file
 * that is not a valid run (see run-file.ts) is named through `note` and left out: to `run` its run
 * is missing, so it is trained again and the new result replaces the file (never deleted first).
 */
export async function readRuns(dir: string, note: (text: string) => void): Promise<Map<string, RunResult>> {
  const runs = new Map<string, RunResult>();
  let names: string[];
  try {
    names = await readdir(runsDir(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return runs;
    throw err;
  }
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const path = join(runsDir(dir), name);
    try {
      const result = parseRunFile(await readFile(path, 'utf8'), name.slice(0, -'.json'.length));
      // A run stored under its 0.1 id and again under today's (a removal that did not happen): the current one.
      const other = runs.get(result.id);
      if (other === undefined || (isStale(other) && !isStale(result))) runs.set(result.id, result);
    } catch (err) {
      const problem = err instanceof InvalidRunFile ? err.message : `cannot be read: ${(err as Error).message}`;
      note(`mlplab: ${path} is not a valid run file (${problem}) — left out of the report; \`mlplab run\` retrains its run`);
    }
  }
  return runs;
}
