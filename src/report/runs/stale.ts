// The report's section for stale runs: stored runs computed by another numerics version
// (train/numerics.ts). They are listed, with what they measured, but never drawn in one table or
// plot with the current runs: two versions' numbers side by side would read as one experiment.

import { NUMERICS_VERSION, numericsOf } from '../../train/numerics.js';
import type { RunResult } from '../../types.js';
import { percent } from '../format.js';
import { markdownTable } from '../tables/markdown.js';
import { configLabels, shortId } from './labels.js';

/** The section's Markdown, or '' when no run is stale. */
export function staleSection(stale: readonly RunResult[], file: string): string {
  if (stale.length === 0) return '';
  const sorted = [...stale].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const labels = configLabels(sorted.map((r) => r.spec));
  const rows = sorted.map((run, i) => ({ run, label: labels[i] }));
  return [
    '### Stale runs',
    `Computed by another version of mlplab's arithmetic (numerics version ${[...new Set(sorted.map(numericsOf))].join(', ')}; ` +
      `this report's is ${NUMERICS_VERSION}), so they are left out of the tables and plots above. ` +
      `\`mlplab run --upgrade ${file}\` retrains them.`,
    markdownTable(
      [
        { header: 'run', align: 'left', cell: (x: (typeof rows)[number]) => `\`${shortId(x.run.id)}\`` },
        { header: 'config', align: 'left', cell: (x) => x.label },
        { header: 'seed', align: 'right', cell: (x) => String(x.run.spec.seed) },
        { header: 'numerics', align: 'right', cell: (x) => String(numericsOf(x.run)) },
        { header: 'status', align: 'left', cell: (x) => x.run.status },
        { header: 'test acc', align: 'right', cell: (x) => percent(x.run.final?.test_accuracy) },
      ],
      rows,
    ).trimEnd(),
  ].join('\n\n');
}
