// The commit of the repository that holds the experiment file, recorded in every run file, so that
// a committed result can be traced to the code and config that made it. Best effort: outside a
// repository, or without git installed, there is nothing to record, and that is never an error.

import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { RunResult } from '../types.js';

/** dirty: tracked files differ from the commit (staged or not), the results aside. */
export type GitState = NonNullable<RunResult['env']['git']>;

/** `git <args>` in `cwd`: its stdout, or undefined when git fails or is not installed. */
function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((done) => {
    // GIT_OPTIONAL_LOCKS=0: `status` must not take the index lock a user's own git may be waiting on.
    execFile('git', args, { cwd, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, timeout: 10_000 }, (err, stdout) =>
      done(err ? undefined : stdout),
    );
  });
}

/** The path as the file system names it (git reports real paths), else as given (it may not exist yet). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The state of the repository holding `experimentFile`, or undefined when there is none. Changes
 * under `resultsRoot` do not make it dirty: they are what mlplab itself writes.
 */
export async function gitState(experimentFile: string, resultsRoot: string): Promise<GitState | undefined> {
  const cwd = dirname(real(experimentFile));
  const top = (await git(cwd, ['rev-parse', '--show-toplevel']))?.trim();
  const commit = (await git(cwd, ['rev-parse', '--verify', '-q', 'HEAD']))?.trim();
  // No commit yet (a fresh `git init`) is as good as no repository: there is nothing to point to.
  if (top === undefined || commit === undefined || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) return undefined;
  const status = await git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=no']);
  if (status === undefined) return undefined;
  const results = relative(real(top), real(resultsRoot));
  const inResults = (path: string): boolean =>
    results !== '' && !results.startsWith('..') && !isAbsolute(results) && (path === results || path.startsWith(`${results}/`));
  return { commit, dirty: changedPaths(status).some((p) => !inResults(p)) };
}

/** The paths of `git status --porcelain=v1 -z`: `XY path`, a rename or copy followed by its source. */
export function changedPaths(status: string): string[] {
  const fields = status.split('\0').filter((f) => f !== '');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i];
    paths.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') paths.push(fields[++i] ?? '');
  }
  return paths;
}
