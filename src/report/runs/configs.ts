// Replicates: runs whose specs are equal except for `seed` are one config, trained several times
// (`repeats: N`). The report summarises a config over its finished runs and still lists every
// run. Configs keep the report's row order: the position of their first run (see order.ts).

import type { RunResult, RunSpec, RunStatus } from '../../types.js';
import { configLabels, shortId } from './labels.js';
import { sortRuns } from './order.js';

export interface Config {
  /** Canonical JSON of the spec without its seed: equal for replicates, different otherwise. */
  key: string;
  /** Unique within the report (see labels.ts); the legend name in every plot. */
  label: string;
  /** The spec of the config's first run. */
  spec: RunSpec;
  /** Its runs in report order, whatever their status. */
  runs: RunResult[];
  /** The runs that finished: what means and standard deviations are taken over. */
  done: RunResult[];
}

/** The configs of `runs`, in report order. */
export function groupConfigs(runs: readonly RunResult[]): Config[] {
  const byKey = new Map<string, RunResult[]>();
  for (const run of sortRuns(runs)) {
    const key = configKey(run.spec);
    const group = byKey.get(key);
    if (group) group.push(run);
    else byKey.set(key, [run]);
  }
  const groups = [...byKey];
  const labels = configLabels(groups.map(([, rs]) => rs[0]!.spec));
  return groups.map(([key, rs], i) => ({
    key,
    label: labels[i]!,
    spec: rs[0]!.spec,
    runs: rs,
    done: rs.filter((r) => r.status === 'done'),
  }));
}

/** True when some config was trained more than once: the report then shows means over seeds. */
export function hasReplicates(configs: readonly Config[]): boolean {
  return configs.some((c) => c.runs.length > 1);
}

/**
 * Run id → label: its config's label, plus the seed where the config has several runs
 * (`lr 0.03 · seed 2`). Labels stay unique: runs that would still share one get their short id.
 */
export function runLabels(runs: readonly RunResult[]): Map<string, string> {
  const entries = groupConfigs(runs).flatMap((c) =>
    c.runs.map((r) => [r.id, c.runs.length > 1 ? `${c.label} · seed ${r.spec.seed}` : c.label] as const),
  );
  const count = new Map<string, number>();
  for (const [, label] of entries) count.set(label, (count.get(label) ?? 0) + 1);
  return new Map(entries.map(([id, label]) => [id, count.get(label)! > 1 ? `${label} · ${shortId(id)}` : label]));
}

const STATUS_ORDER: readonly RunStatus[] = ['done', 'pruned', 'paused', 'diverged', 'failed'];

/** How many of `runs` ended in each status, finished ones first; statuses no run has are left out. */
export function statusTally(runs: readonly RunResult[]): { status: RunStatus; n: number }[] {
  return STATUS_ORDER.map((status) => ({ status, n: runs.filter((r) => r.status === status).length })).filter((t) => t.n > 0);
}

/** `2 done, 1 diverged`. */
export function statusCounts(runs: readonly RunResult[]): string {
  return statusTally(runs)
    .map(({ status, n }) => `${n} ${status}`)
    .join(', ');
}

/** The key of a spec's config: its canonical JSON (keys sorted) with the seed left out. */
function configKey(spec: RunSpec): string {
  return canonicalJson({ ...spec, seed: null });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
