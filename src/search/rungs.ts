// The rung arithmetic of successive halving and Hyperband (Li et al. 2017), with r = min_epochs,
// R = train.epochs and η = eta:
//   s_max = ⌊log_η(R / r)⌋                      how many halvings fit between r and R
//   rung k at r·η^k epochs, k = 0 … s_max − 1, and the last rung at R (not r·η^s_max ≤ R: the
//     budget is train.epochs, whatever η makes of it)
//   a rung that n runs entered keeps max(1, ⌊n / η⌋) of them
//   Hyperband bracket s = s_max … 0: n_s = ⌈(s_max + 1) / (s + 1) · η^s⌉ runs entering at rung
//     s_max − s, i.e. at r·η^(s_max − s) epochs.
// Pure functions of numbers; planner.ts applies them to runs.

/** s_max = ⌊log_η(R / r)⌋, in integers (a float log misjudges exact powers: log_3(243) = 4.999…). */
export function halvings(minEpochs: number, epochs: number, eta: number): number {
  let s = 0;
  for (let e = minEpochs * eta; e <= epochs; e *= eta) s++;
  return s;
}

/** The epochs of every rung: r·η^k for k < s_max, and R last. One rung (R) when r·η > R. */
export function rungEpochs(minEpochs: number, epochs: number, eta: number): number[] {
  const s = halvings(minEpochs, epochs, eta);
  return [...Array.from({ length: s }, (_, k) => minEpochs * eta ** k), epochs];
}

/** How many of n runs a rung keeps. */
export function kept(n: number, eta: number): number {
  return Math.max(1, Math.floor(n / eta));
}

/** Hyperband's brackets, most aggressive first: s, its n_s, and the index of its first rung. */
export function brackets(minEpochs: number, epochs: number, eta: number): { s: number; n: number; firstRung: number }[] {
  const sMax = halvings(minEpochs, epochs, eta);
  return Array.from({ length: sMax + 1 }, (_, i) => {
    const s = sMax - i;
    // ⌈(s_max+1)/(s+1) · η^s⌉ in integers: the ratio is exact then, and rounds up once.
    const n = Math.ceil(((sMax + 1) * eta ** s) / (s + 1));
    return { s, n, firstRung: sMax - s };
  });
}

/**
 * How `total` runs split over brackets of sizes `n` (their proportions, by largest remainder;
 * equal remainders go to the earlier, more aggressive bracket). With total = Σ n it is n itself.
 */
export function shares(n: readonly number[], total: number): number[] {
  const sum = n.reduce((a, b) => a + b, 0);
  const exact = n.map((x) => (x * total) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let left = total - out.reduce((a, b) => a + b, 0), k = 0; left > 0; left--, k++) out[order[k]!.i]!++;
  return out;
}
