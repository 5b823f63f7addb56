// `mlplab diff [REV] [experiment.yaml…] [--json]`: the stored runs of each experiment at git
// revision REV (default HEAD) against those in the working tree — what `dvc metrics diff` gives.
// It reads run files only (at REV through git, here through the store) and never trains.

import { readdir } from 'node:fs/promises';
import { loadExperiment } from '../config/index.js';
import { diffMarkdown } from '../compare/diff-markdown.js';
import { experimentsAt, repoPathOf, resolveCommit, runsAt } from '../compare/git-store.js';
import { diffRuns, type ExperimentDiff } from '../compare/run-diff.js';
import { experimentDir, readRuns } from '../run/store.js';

export interface DiffArgs {
  /** A revision, then experiment files; a first argument ending in .yaml/.yml is a file. */
  positionals: string[];
  resultsRoot: string;
  json: boolean;
}

/** 0 once the diff is printed (a wrong revision or file throws, for cli.ts to show). */
export async function diffCommand(args: DiffArgs, print: (s: string) => void, say: (s: string) => void): Promise<number> {
  const isFile = (p: string) => /\.ya?ml$/i.test(p);
  const [first, ...rest] = args.positionals;
  const rev = first !== undefined && !isFile(first) ? first : 'HEAD';
  const files = first !== undefined && !isFile(first) ? rest : args.positionals;
  const repo = await repoPathOf(args.resultsRoot);
  const commit = await resolveCommit(rev, repo);
  const names =
    files.length > 0
      ? files.map((f) => loadExperiment(f).experiment.name)
      : [...new Set([...(await experimentsAt(commit, repo)), ...(await storedExperiments(args.resultsRoot))])].sort();
  const diffs: ExperimentDiff[] = [];
  for (const name of names) {
    const before = await runsAt(commit, repo, name, say);
    const after = await readRuns(experimentDir(args.resultsRoot, name), say);
    if (before.size + after.size > 0) diffs.push(diffRuns(name, before, after));
  }
  const sides = { before: `${rev} (${commit.slice(0, 8)})`, after: 'working tree' };
  if (args.json) print(`${JSON.stringify({ before: { rev, commit }, after: 'working tree', experiments: diffs }, null, 2)}\n`);
  else print(diffMarkdown(sides, diffs));
  return 0;
}

/** The experiment folders under the results folder here. */
async function storedExperiments(resultsRoot: string): Promise<string[]> {
  try {
    return (await readdir(resultsRoot, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
