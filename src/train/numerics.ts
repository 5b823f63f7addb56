// The numerics version: which arithmetic a stored result came from.
//
// A run's id says what was asked (its spec and data); this says how it was computed. Bump it with
// any change that alters a result bit-wise — a kernel's summation order, an initialiser, a layer's
// forward or backward, an optimizer's update, the RNG or how its streams are seeded, the order of
// the examples — and every stored run of an older version becomes stale: `mlplab run` names it and
// retrains it only when asked (--upgrade, --force), and reports show it apart, never in one table
// with current runs. A change that leaves every bit of every result as it was keeps the version.
//
// History: 1 — mlplab 0.1 (run files without `env.numerics`); 2 — random streams seeded from the
// parts of the run identity that can change them (train/streams.ts).

export const NUMERICS_VERSION = 2;

/** What a run file without the field was computed with. */
export const LEGACY_NUMERICS = 1;

/** The numerics version a stored run was computed with. */
export function numericsOf(run: { env: { numerics?: number } }): number {
  return run.env.numerics ?? LEGACY_NUMERICS;
}

/** Whether a stored run was computed by other arithmetic than this mlplab's. */
export function isStale(run: { env: { numerics?: number } }): boolean {
  return numericsOf(run) !== NUMERICS_VERSION;
}
