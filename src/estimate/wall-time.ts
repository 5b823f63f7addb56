// How long a sweep takes on the clock, from the estimated seconds of each run, and how to say it.
// Shared by `mlplab plan` (its last line) and `mlplab run` (the notice before a large sweep).

/**
 * Wall time of runs of these durations, in the order given, on `workers` workers, each taking the
 * next run as soon as it is free (what `mlplab run` does, with the runs in run/order.ts's order).
 */
export function wallTime(seconds: readonly number[], workers: number): number {
  const free = new Array<number>(Math.max(1, workers)).fill(0);
  for (const s of seconds) {
    const next = free.indexOf(Math.min(...free));
    free[next] += s;
  }
  return Math.max(...free);
}

/** A duration as people say it: 0.4 s, 12 s, 3 min 5 s, 2 h 10 min. */
export function duration(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
