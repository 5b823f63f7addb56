// `mlplab compare` as Markdown: one table of every config of the experiments compared, grouped by
// dataset, with what differs among them as columns, and the plot beside it when one was drawn.

import { integer } from '../report/format.js';
import { formatSummary, PERCENT } from '../report/runs/stats.js';
import { markdownTable, type Column } from '../report/tables/markdown.js';
import type { CompareRow, CompareTable } from './compare-rows.js';

export interface CompareNotes {
  /** The experiment files compared, as given. */
  files: string[];
  /** Where the plot was written, relative to the Markdown file (none: not drawn). */
  plot?: string;
  /** Lines about runs left out (stale ones, experiments without runs). */
  notes: string[];
}

export function compareMarkdown(table: CompareTable, notes: CompareNotes): string {
  const replicated = table.rows.some((r) => r.runs > 1);
  const hasVal = table.rows.some((r) => r.val.n > 0);
  const columns: Column<CompareRow>[] = [
    { header: 'dataset', align: 'left', cell: (r) => r.dataset },
    { header: 'experiment', align: 'left', cell: (r) => r.experiment },
    ...table.columns.map((name, i): Column<CompareRow> => ({ header: name, align: 'left', cell: (r) => r.values[i]! })),
    ...(replicated
      ? [
          {
            header: 'runs',
            align: 'right',
            cell: (r: CompareRow) => (r.done === r.runs ? `${r.runs}` : `${r.done}/${r.runs} done`),
          } as const,
        ]
      : []),
    { header: 'test accuracy', align: 'right', cell: (r) => formatSummary(r.test, 2, PERCENT) },
    ...(hasVal ? [{ header: 'val accuracy', align: 'right', cell: (r: CompareRow) => formatSummary(r.val, 2, PERCENT) } as const] : []),
    { header: 'params', align: 'right', cell: (r) => integer(r.params) },
  ];
  const parts = [
    `## mlplab compare: ${notes.files.map((f) => `\`${f}\``).join(', ')}\n`,
    `Final accuracy of every stored config, by dataset, best first${replicated ? ' (mean ± standard deviation over seeds)' : ''}.\n`,
    markdownTable(columns, table.rows),
  ];
  if (notes.plot !== undefined) parts.push(`![final test accuracy](${notes.plot})\n`);
  if (notes.notes.length > 0) parts.push(`${notes.notes.map((n) => `- ${n}`).join('\n')}\n`);
  return parts.join('\n');
}
