// A search (halving, Hyperband) on Slurm: one job array per stage — the runs the first undecided
// rung of each bracket waits for — and after it a small job (`--dependency=afterany`) that runs
// `mlplab slurm … --submit --next <stage>:<attempt>`. That job plans again from the stored run
// files alone: the same stage still has runs to train (tasks killed, timed out) → it resubmits
// those, up to MAX_ATTEMPTS arrays per stage; a later stage → its array and the next follow-up;
// every rung decided → the report job. What the chain carries from job to job is only the stage it
// followed and how many arrays that stage has had, on the command line: no state in any file. Pure.

import { UsageError } from '../errors.js';
import type { SearchPlan } from '../search/planner.js';

/** Arrays submitted for one stage before the chain gives up on runs that never get stored. */
export const MAX_ATTEMPTS = 3;

/**
 * Which stage `plan` is at: for each bracket, the index of its first undecided rung (-1 when all
 * are decided), joined by dots. Two plans of one search are at the same stage exactly when they
 * wait on the same rungs, whatever runs are stored by now.
 */
export function stageKey(plan: SearchPlan): string {
  return plan.brackets.map((b) => b.rungs.findIndex((r) => !r.complete)).join('.');
}

/** The stage in words, for scripts and messages: `rung 2 of 3 (3 epochs)`, per bracket. */
export function stageText(plan: SearchPlan): string {
  return plan.brackets
    .flatMap((b) => {
      const k = b.rungs.findIndex((r) => !r.complete);
      return k < 0
        ? []
        : [
            `rung ${k + 1} of ${b.rungs.length} (${b.rungs[k]!.epoch === 1 ? '1 epoch' : `${b.rungs[k]!.epoch} epochs`})${plan.brackets.length > 1 ? ` of bracket s=${b.s}` : ''}`,
          ];
    })
    .join(', ');
}

export interface Followed {
  /** The stage key of the array the follow-up job came after. */
  stage: string;
  /** How many arrays that stage has had, that one included. */
  attempt: number;
}

/** --next STAGE:ATTEMPT, as the follow-up job's command line gives it. */
export function parseNext(text: string): Followed {
  const m = /^(-?\d+(?:\.-?\d+)*):(\d+)$/.exec(text);
  if (m === null || Number(m[2]) < 1)
    throw new UsageError(`--next: written by mlplab slurm for its follow-up job, as STAGE:ATTEMPT (e.g. 0.1:1), got "${text}"`);
  return { stage: m[1]!, attempt: Number(m[2]) };
}

export type ChainStep = { kind: 'report' } | { kind: 'array'; attempt: number } | { kind: 'give-up'; attempts: number };

/**
 * What to submit now, given the stage the store is at, how many runs it has to train, and (for a
 * follow-up job) the array it followed. Nothing to train means every rung is decided: the report.
 */
export function nextStep(stage: string, todo: number, followed: Followed | undefined): ChainStep {
  if (todo === 0) return { kind: 'report' };
  const attempt = followed !== undefined && followed.stage === stage ? followed.attempt + 1 : 1;
  return attempt > MAX_ATTEMPTS ? { kind: 'give-up', attempts: MAX_ATTEMPTS } : { kind: 'array', attempt };
}

/**
 * How long a follow-up's array must wait before it starts (whole seconds), when runs of its stage
 * are still claimed: `held` maps run ids to the heartbeat times (ms) of their live claims. The array
 * it followed has ended (afterany), so those claims are of tasks that died without releasing them
 * — a node lost, a task killed with -9 — on another host, where no pid can tell, and they stay live
 * until their heartbeat is `staleMs` old. Tasks started before then would find the runs busy and
 * skip them, spending the stage's arrays for nothing. Undefined when nothing is held.
 */
export function claimWait(
  stopAt: ReadonlyMap<string, number>,
  held: ReadonlyMap<string, number>,
  now: number,
  staleMs: number,
): number | undefined {
  const until = [...held].filter(([id]) => stopAt.has(id)).map(([, heartbeat]) => heartbeat + staleMs - now);
  // A second past the last one, since a claim is stale only once strictly older than the timeout.
  return until.length === 0 ? undefined : Math.max(1, Math.ceil(Math.max(...until) / 1000) + 1);
}
