// The two measurements every benchmark here is built from.

/** Calls per second of fn, over one run of at least ms milliseconds. */
export function rate(fn: () => void, ms: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (calls * 1000) / elapsed;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Calls per second of each of fns over `rounds` rounds, each fn timed once per round in turn (so
 * every function meets the same spells of a drifting machine), after one warm-up run of each.
 */
export function interleaved(fns: readonly (() => void)[], rounds: number, ms: number, warmMs = ms): number[][] {
  for (const fn of fns) rate(fn, warmMs);
  const rates = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) fns.forEach((fn, i) => rates[i].push(rate(fn, ms)));
  return rates;
}
