// What a run file says about its run, timings aside: the same run trained twice (on another node,
// in another shard layout, after a resume) gives the same content, while its timing, the epochs'
// seconds and where it ran (env: mlplab and Node versions, CPU, platform, kernels, git commit)
// differ. The numerics version stays: a stale result is not the same result as a current one.

import { canonicalJson } from '../config/id.js';
import type { RunResult } from '../types.js';

/** `run` without its timings and machine, as canonical JSON (keys sorted): equal text, same result. */
export function runContent(run: RunResult): string {
  const { timing: _timing, env, epochs, ...rest } = run;
  return canonicalJson({ ...rest, numerics: env.numerics ?? 1, epochs: epochs.map(({ seconds: _s, ...m }) => m) });
}

export function sameResult(a: RunResult, b: RunResult): boolean {
  return runContent(a) === runContent(b);
}
