// How progress lines name a run: its short id, then what the sweep changed (the report's config
// labels: `lr 0.03 · batch 128`), with the seed where replicates would share a label.

import { configLabels, shortId } from '../report/runs/labels.js';
import type { RunSpec } from '../types.js';

/** Run id → progress label, from every run of the plan (so labels match the report's), padded to one width. */
export function progressLabels(planned: readonly { id: string; spec: RunSpec }[]): Map<string, string> {
  const labels = configLabels(planned.map((p) => p.spec));
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  const named = planned.map((p, i) => {
    const label = labels[i]!;
    return count.get(label)! > 1 ? `${label} · seed ${p.spec.seed}` : label;
  });
  const width = Math.max(...named.map((l) => l.length));
  return new Map(planned.map((p, i) => [p.id, `${shortId(p.id)} ${named[i]!.padEnd(width)}`]));
}
