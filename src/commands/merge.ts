// `mlplab merge DIR… --into ROOT`: run files from other results folders (shards on nodes without
// a shared filesystem, a colleague's results) copied into one results root, for `mlplab report`.
// Each DIR is a results root (its <experiment>/runs/ folders) or one experiment folder (its runs/);
// a run goes to ROOT/<experiment folder's name>/runs/, under its file's name.
//
// Everything is checked before anything is copied: a file that is not a valid run is named; a run
// already in ROOT (or in two DIRs) with the same result, timings aside (run/run-content.ts), is
// skipped; one with a different result is refused, naming both files — the same id is the same
// spec, so two results mean different code or data, and which to keep is the user's call. A failed
// run gives way to a finished one (`run` retries failed runs anyway). Files are written atomically.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { InvalidRunFile, parseRunFile } from '../run/run-file.js';
import { sameResult } from '../run/run-content.js';
import { experimentDir, runsDir } from '../run/store.js';
import type { RunResult } from '../types.js';
import { writeFileAtomic } from '../util/atomic.js';

/** One run file found in a DIR, read and checked. */
interface Found {
  experiment: string;
  name: string;
  path: string;
  text: string;
  run: RunResult;
}

/** What merging decides for each file: copy it, skip it (and why), or a problem that stops everything. */
export interface MergePlan {
  copy: Found[];
  skip: { path: string; why: string }[];
  problems: string[];
}

/** The experiment folders of DIR: itself when it holds runs/, else its subfolders that do. */
function experimentFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`merge: ${dir}: no such folder`);
  if (existsSync(runsDir(dir))) return [dir];
  const found = readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((sub) => existsSync(runsDir(sub)));
  if (found.length === 0)
    throw new UsageError(
      `merge: ${dir} holds no runs/ folder: give a results folder (results/) or an experiment folder (results/<experiment>/)`,
    );
  return found;
}

/** Every run file of `dirs`; files that are not valid runs go to `problems`. */
function readSources(dirs: readonly string[], problems: string[]): Found[] {
  const found: Found[] = [];
  for (const folder of dirs.flatMap(experimentFolders)) {
    const runs = runsDir(folder);
    for (const name of readdirSync(runs)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .sort()) {
      const path = join(runs, name);
      const text = readFileSync(path, 'utf8');
      try {
        found.push({ experiment: basename(folder), name, path, text, run: parseRunFile(text, name.slice(0, -'.json'.length)) });
      } catch (err) {
        if (!(err instanceof InvalidRunFile)) throw err;
        problems.push(`${path} is not a valid run file (${err.message})`);
      }
    }
  }
  return found;
}

/** Which of `a`, `b` (same run id) is kept: one result, a finished one over a failed one, or neither (a conflict). */
function keeper(a: RunResult, b: RunResult): 'a' | 'b' | 'same' | 'conflict' {
  if (sameResult(a, b)) return 'same';
  if (a.status === 'failed' && b.status === 'failed') return 'a';
  if (a.status === 'failed') return 'b';
  if (b.status === 'failed') return 'a';
  return 'conflict';
}

/** The merge of `dirs` into the results root `into`, decided without writing anything. */
export function planMerge(dirs: readonly string[], into: string): MergePlan {
  const problems: string[] = [];
  const sources = readSources(dirs, problems);
  const plan: MergePlan = { copy: [], skip: [], problems };
  // What ROOT will hold, by target path: the file there now, else the source chosen so far.
  const chosen = new Map<string, { path: string; run: RunResult; source?: Found }>();
  for (const f of sources) {
    const target = join(runsDir(experimentDir(into, f.experiment)), f.name);
    let held = chosen.get(target);
    if (held === undefined && existsSync(target)) {
      try {
        held = { path: target, run: parseRunFile(readFileSync(target, 'utf8'), f.name.slice(0, -'.json'.length)) };
      } catch (err) {
        if (!(err instanceof InvalidRunFile)) throw err;
        problems.push(`${target} is not a valid run file (${err.message}): delete it or move it away, then merge again`);
        continue;
      }
      chosen.set(target, held);
    }
    if (held === undefined) {
      chosen.set(target, { path: f.path, run: f.run, source: f });
      continue;
    }
    const keep = keeper(held.run, f.run);
    if (keep === 'conflict') {
      problems.push(
        `${f.path} and ${held.path} hold different results for run ${f.run.id} (same spec: other code or data?); keep one of them`,
      );
    } else if (keep === 'b') {
      plan.skip.push({ path: held.path, why: `failed; ${f.path} finished` });
      chosen.set(target, { path: f.path, run: f.run, source: f });
    } else plan.skip.push({ path: f.path, why: keep === 'same' ? `same result as ${held.path}` : `failed; ${held.path} is kept` });
  }
  plan.copy = [...chosen.values()].flatMap((c) => c.source ?? []);
  return plan;
}

/** `mlplab merge`: 0 when merged (or nothing to do), 2 (UsageError) when a file is invalid or two results differ. */
export async function mergeCommand(dirs: readonly string[], into: string | undefined, write: (text: string) => void): Promise<number> {
  if (into === undefined) throw new UsageError('merge: give the results folder to merge into, e.g. mlplab merge shard-*/ --into results/');
  if (dirs.length === 0) throw new UsageError('merge: give the folders to merge from, e.g. mlplab merge shard-*/ --into results/');
  const plan = planMerge(dirs, into);
  if (plan.problems.length > 0)
    throw new UsageError(`merge: nothing copied — ${plan.problems.length} problem(s):\n${plan.problems.map((p) => `  ${p}`).join('\n')}`);
  const copied = new Map<string, number>();
  for (const f of plan.copy) {
    const dir = runsDir(experimentDir(into, f.experiment));
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, f.name), f.text); // the bytes as they were: timings and env included
    copied.set(dir, (copied.get(dir) ?? 0) + 1);
  }
  // A same result is the common case (a shard merged twice): counted, not listed.
  const same = plan.skip.filter((s) => s.why.startsWith('same result'));
  const lines = plan.skip.filter((s) => !same.includes(s)).map((s) => `skipped ${s.path}: ${s.why}`);
  if (same.length > 0) lines.push(`skipped ${same.length} run file(s) whose run is there already with the same result (timings aside)`);
  for (const [dir, n] of copied) lines.push(`copied ${n} run file(s) into ${dir}`);
  lines.push(
    plan.copy.length === 0
      ? `nothing to copy: every run is in ${into} already`
      : `mlplab report <experiment.yaml> --results ${into} draws them`,
  );
  write(`${lines.join('\n')}\n`);
  return 0;
}
