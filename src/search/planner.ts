// Synchronous successive halving and Hyperband over an experiment's planned runs, recomputed from
// the stored run files every time: which runs entered each rung, which reached it, whether it is
// complete, and which runs it keeps. Nothing else is saved anywhere, so there is no scheduler
// state to lose or to go stale, and a rung is decided only once every run it waits for is stored:
// the decisions are a function of the stored files alone, never of the order they arrived in, the
// number of workers or shards, or an interruption. Pure: run/search.ts trains and stores.
//
// Runs are grouped by dataset (metrics of different datasets do not compare); each group is one
// halving bracket, or Hyperband's brackets, to which its runs go by run id (a hash: a fixed,
// config-blind split, so no bracket gets all the small learning rates of a grid).

import type { SearchSpec } from '../config/experiment.js';
import type { RunResult, RunSpec } from '../types.js';
import { atRung, compareAtRung, type AtRung } from './rank.js';
import { brackets, kept, rungEpochs, shares } from './rungs.js';

export interface Rung {
  epoch: number;
  /** The runs that entered it, in plan order (none yet when an earlier rung is undecided). */
  entered: string[];
  /** Those stored with this many epochs or more, or finished sooner (done early, diverged, failed). */
  reached: string[];
  complete: boolean;
  /** When complete: every entered run, best first. */
  ranked: AtRung[];
  /** When complete and not the last rung: the runs that go on to the next one. */
  kept: string[];
  /** The metric of the last run kept (null when none is, or it has none). */
  cutoff: number | null;
}

export interface Bracket {
  dataset: string;
  /** Hyperband's s (how many halvings); s_max for plain halving. */
  s: number;
  runs: string[];
  rungs: Rung[];
}

export interface SearchPlan {
  brackets: Bracket[];
  /** Runs to train now, each to the epoch of the rung it waits at. */
  todo: { id: string; stopAt: number }[];
  /** Runs stored as paused that no undecided rung waits for: from now on, pruned. */
  prune: string[];
  /** Runs that must keep their checkpoint: they wait at an undecided rung. */
  waiting: string[];
  /** Epochs the search trains when every rung is decided (early stops and divergence aside), and the grid's. */
  epochs: { search: number; grid: number };
}

export interface Planned {
  id: string;
  spec: RunSpec;
}

/** A stored run has trained `epoch` epochs, or ended before (it needs no more training for that rung). */
function reached(run: RunResult | undefined, epoch: number): boolean {
  if (run === undefined) return false;
  if (run.status === 'paused' || run.status === 'pruned') return run.epochs.length >= epoch;
  return true;
}

/** The search over `planned` given what is `stored`. `search.method` is halving or hyperband. */
export function planSearch(planned: readonly Planned[], stored: ReadonlyMap<string, RunResult>, search: SearchSpec): SearchPlan {
  const byDataset = new Map<string, Planned[]>();
  for (const p of planned) byDataset.set(p.spec.dataset, [...(byDataset.get(p.spec.dataset) ?? []), p]);
  const out: Bracket[] = [];
  const todo: SearchPlan['todo'] = [];
  const waiting = new Set<string>();
  const epochs = { search: 0, grid: 0 };
  for (const [dataset, runs] of byDataset) {
    const R = runs[0]!.spec.train.epochs; // one budget per experiment: sweep-check.ts refuses a swept train.epochs
    const all = rungEpochs(search.min_epochs, R, search.eta);
    epochs.grid += runs.length * R;
    for (const { s, ids, firstRung } of split(runs, search, R)) {
      const rungs = decide(ids, all.slice(firstRung), stored, search);
      out.push({ dataset, s, runs: ids, rungs });
      epochs.search += plannedEpochs(ids.length, all.slice(firstRung), search.eta);
      const open = rungs.find((r) => !r.complete);
      if (open === undefined) continue;
      for (const id of open.entered) waiting.add(id);
      for (const id of open.entered) if (!open.reached.includes(id)) todo.push({ id, stopAt: open.epoch });
    }
  }
  const prune = planned.filter((p) => stored.get(p.id)?.status === 'paused' && !waiting.has(p.id)).map((p) => p.id);
  return { brackets: out, todo, prune, waiting: [...waiting], epochs };
}

/** The brackets of one dataset's runs: one for halving; Hyperband's, its runs dealt out by id. */
function split(runs: readonly Planned[], search: SearchSpec, R: number): { s: number; ids: string[]; firstRung: number }[] {
  const plan = brackets(search.min_epochs, R, search.eta);
  const ids = runs.map((r) => r.id);
  if (search.method === 'halving') return [{ s: plan[0]!.s, ids, firstRung: 0 }];
  const byId = [...ids].sort();
  const sizes = shares(
    plan.map((b) => b.n),
    ids.length,
  );
  let start = 0;
  const out = plan.map((b, i) => {
    const mine = new Set(byId.slice(start, start + sizes[i]!));
    start += sizes[i]!;
    return { s: b.s, ids: ids.filter((id) => mine.has(id)), firstRung: b.firstRung };
  });
  return out.filter((b) => b.ids.length > 0);
}

/** Each rung of a bracket in turn, as far as the stored runs decide them. */
function decide(ids: string[], epochs: number[], stored: ReadonlyMap<string, RunResult>, search: SearchSpec): Rung[] {
  let entered = ids;
  let open = false; // an earlier rung is undecided: later ones have no runs yet
  return epochs.map((epoch, k) => {
    const runsIn = open ? [] : entered;
    const reachedIds = runsIn.filter((id) => reached(stored.get(id), epoch));
    const complete = !open && reachedIds.length === runsIn.length;
    const last = k === epochs.length - 1;
    const ranked = complete ? runsIn.map((id) => atRung(stored.get(id), id, epoch, search.metric)).sort(compareAtRung(search.metric)) : [];
    const keep = complete && !last ? ranked.slice(0, kept(runsIn.length, search.eta)) : [];
    const keptIds = new Set(keep.map((r) => r.id));
    const rung: Rung = {
      epoch,
      entered: runsIn,
      reached: reachedIds,
      complete,
      ranked,
      kept: runsIn.filter((id) => keptIds.has(id)),
      cutoff: keep.at(-1)?.metric ?? null,
    };
    if (!complete) open = true;
    entered = rung.kept;
    return rung;
  });
}

/** Σ_k n_k · (e_k − e_{k−1}): each run trains from the rung it left to the next one it enters. */
function plannedEpochs(n: number, epochs: readonly number[], eta: number): number {
  let total = 0;
  for (let k = 0, m = n, before = 0; k < epochs.length; before = epochs[k]!, m = kept(m, eta), k++) total += m * (epochs[k]! - before);
  return total;
}
