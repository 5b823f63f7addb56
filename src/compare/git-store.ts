// The results store as committed at a git revision: the run files of results/<exp>/runs/ read
// with `git ls-tree` and `git cat-file --batch` (one process for all files), never checked out.
// git is started without a shell, so no revision or path is ever interpreted by one.

import { execFile, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { InvalidRunFile, parseRunFile } from '../run/run-file.js';
import { isStale } from '../train/numerics.js';
import type { RunResult } from '../types.js';

/** The repository holding a results folder, and the folder's path inside it (`/`-separated). */
export interface RepoPath {
  top: string;
  /** `results`, or `` for the top itself. */
  path: string;
}

/** Where `resultsRoot` lies in its git repository (it need not exist in the working tree). */
export async function repoPathOf(resultsRoot: string): Promise<RepoPath> {
  let existing = resolve(resultsRoot);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = resolve(realpathSync(existing), relative(existing, resolve(resultsRoot)));
  const top = (await git(['rev-parse', '--show-toplevel'], existing, `${resultsRoot} is not inside a git repository`)).trim();
  const path = relative(top, real).split(sep).join('/');
  if (path.startsWith('..')) throw new UsageError(`diff: ${resultsRoot} is outside the git repository at ${top}`);
  return { top, path };
}

/** The commit `rev` names (a branch, tag, `HEAD~2`, a hash). */
export async function resolveCommit(rev: string, repo: RepoPath): Promise<string> {
  if (rev.startsWith('-')) throw new UsageError(`diff: "${rev}" is not a revision`);
  const out = await git(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`],
    repo.top,
    `"${rev}" is not a commit here`,
  );
  return out.trim();
}

/** The experiment folders (names) under the results folder at `commit`. */
export async function experimentsAt(commit: string, repo: RepoPath): Promise<string[]> {
  const under = repo.path === '' ? [] : ['--', prefix(repo)];
  const out = await git(['ls-tree', '-d', '--name-only', commit, ...under], repo.top, `cannot list ${repo.path || 'the repository'}`);
  return out
    .split('\n')
    .filter(Boolean)
    .map((p) => p.split('/').at(-1)!)
    .sort();
}

/**
 * The valid run files of experiment `name` at `commit`, by id, read as the store reads them
 * (run/run-file.ts: mlplab 0.1's files under today's ids); an invalid file is named through `note`.
 */
export async function runsAt(commit: string, repo: RepoPath, name: string, note: (s: string) => void): Promise<Map<string, RunResult>> {
  const dir = `${prefix(repo)}${name}/runs/`;
  const listed = await git(['ls-tree', '--name-only', commit, '--', dir], repo.top, `cannot list ${dir}`);
  const paths = listed.split('\n').filter((p) => p.endsWith('.json') && !basename(p).startsWith('.'));
  const texts = await catFiles(
    repo.top,
    paths.map((p) => `${commit}:${p}`),
  );
  const runs = new Map<string, RunResult>();
  paths.forEach((path, i) => {
    try {
      const result = parseRunFile(texts[i]!, basename(path, '.json'));
      const other = runs.get(result.id);
      if (other === undefined || (isStale(other) && !isStale(result))) runs.set(result.id, result);
    } catch (err) {
      if (!(err instanceof InvalidRunFile)) throw err;
      note(`mlplab: ${path} at ${commit.slice(0, 8)} is not a valid run file (${err.message}) — left out of the diff`);
    }
  });
  return runs;
}

const prefix = (repo: RepoPath): string => (repo.path === '' ? '' : `${repo.path}/`);

/** git's stdout; a failure is the user's (a wrong revision, no repository), said with `what`. */
function git(args: string[], cwd: string, what: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err === null) return done(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fail(new UsageError('diff: git is not installed (or not on PATH)'));
      const why = stderr.trim().split('\n')[0];
      fail(new UsageError(`diff: ${what}${why ? ` (git: ${why})` : ''}`));
    });
  });
}

/** The contents of the objects `specs` (`<commit>:<path>`), in order, from one `git cat-file --batch`. */
function catFiles(cwd: string, specs: readonly string[]): Promise<string[]> {
  if (specs.length === 0) return Promise.resolve([]);
  return new Promise((done, fail) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new UsageError(`diff: git cat-file failed (${stderr.trim() || `exit ${code}`})`));
      // Each object: "<oid> blob <size>\n", <size> bytes, "\n".
      const out = Buffer.concat(chunks);
      const texts: string[] = [];
      let at = 0;
      for (const spec of specs) {
        const eol = out.indexOf(0x0a, at);
        const header = out.subarray(at, eol).toString();
        const [, type, size] = header.split(' ');
        if (type !== 'blob') return fail(new UsageError(`diff: ${spec}: ${header}`));
        texts.push(out.subarray(eol + 1, eol + 1 + Number(size)).toString('utf8'));
        at = eol + 1 + Number(size) + 1;
      }
      done(texts);
    });
    child.stdin.end(`${specs.join('\n')}\n`);
  });
}
