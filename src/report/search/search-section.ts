// The README's Search section: the method, the rung table (runs entered, kept, the cut-off value,
// epochs spent against the full grid's), the run chosen, and, when every run is also stored
// trained to the end (the grid), where the choice ranks in the grid.

import type { RunResult } from '../../types.js';
import { fixed, integer, percent } from '../format.js';
import { shortId } from '../runs/labels.js';
import { markdownTable, type Column } from '../tables/markdown.js';
import type { SearchReport } from './search-report.js';

const METRIC = { val_accuracy: 'val accuracy', val_loss: 'val loss' } as const;

interface RungRow {
  bracket: string;
  rung: number;
  epoch: number;
  entered: number;
  kept: string;
  cutoff: string;
  epochs: number;
}

export function searchSection(search: SearchReport | undefined, runs: readonly RunResult[], labels: ReadonlyMap<string, string>): string {
  if (search === undefined) return '';
  const { spec, plan, outcomes } = search;
  const value = (x: number | null) => (spec.metric === 'val_accuracy' ? percent(x) : fixed(x, 4));
  const several = plan.brackets.length > 1;
  const datasets = new Set(plan.brackets.map((b) => b.dataset)).size > 1;
  const rows: RungRow[] = plan.brackets.flatMap((b) => {
    let before = 0;
    return b.rungs.map((r, k) => {
      const last = k === b.rungs.length - 1;
      const row = {
        bracket: `${datasets ? `${b.dataset} ` : ''}s=${b.s}`,
        rung: k + 1,
        epoch: r.epoch,
        entered: r.entered.length,
        kept: !r.complete
          ? r.entered.length === 0
            ? ''
            : `waiting (${r.reached.length} of ${r.entered.length} stored)`
          : last
            ? '—'
            : String(r.kept.length),
        cutoff: r.complete && !last ? value(r.cutoff) : '—',
        epochs: r.entered.length * (r.epoch - before),
      };
      before = r.epoch;
      return row;
    });
  });
  const columns: Column<RungRow>[] = [
    ...(several || spec.method === 'hyperband' ? [{ header: 'Bracket', align: 'left', cell: (r: RungRow) => r.bracket } as const] : []),
    { header: 'Rung', align: 'right', cell: (r) => String(r.rung) },
    { header: 'Epoch', align: 'right', cell: (r) => String(r.epoch) },
    { header: 'Runs entered', align: 'right', cell: (r) => String(r.entered) },
    { header: 'Kept', align: 'right', cell: (r) => r.kept },
    { header: `Cut-off (${METRIC[spec.metric]})`, align: 'right', cell: (r) => r.cutoff },
    { header: 'Epochs', align: 'right', cell: (r) => integer(r.epochs) },
  ];
  const byId = new Map(runs.map((r) => [r.id, r]));
  const name = (id: string) => `\`${shortId(id)}\` ${labels.get(id) ?? ''}`.trimEnd();
  const lines = outcomes.map((o) => {
    const share = `${integer(o.epochsUsed)} of the full grid's ${integer(o.epochsGrid)} epochs (${percent(o.epochsUsed / o.epochsGrid, 1)})`;
    const where = outcomes.length > 1 ? `${o.dataset}: ` : '';
    if (o.chosen === null) return `- ${where}not every rung is decided yet (\`mlplab run\` goes on from here); so far ${share}.`;
    const final = byId.get(o.chosen)?.final;
    const chosen = `chose ${name(o.chosen)} (val accuracy ${percent(final?.val_accuracy)}, test accuracy ${percent(final?.test_accuracy)}) for ${share}.`;
    if (o.grid === undefined) return `- ${where}${spec.method} ${chosen}`;
    const g = o.grid;
    const versus =
      g.rank === 1
        ? `the grid's best too (every run is also stored trained to the end).`
        : `rank ${g.rank} of ${g.runs} in the grid (every run is also stored trained to the end), whose best, ${name(g.best)}, has ${points(g.valGap)} more validation and ${points(g.testGap)} more test accuracy.`;
    return `- ${where}${spec.method} ${chosen} It is ${versus}`;
  });
  const method =
    spec.method === 'halving'
      ? `Successive halving by ${METRIC[spec.metric]}, eta ${spec.eta}`
      : `Hyperband by ${METRIC[spec.metric]}, eta ${spec.eta}, its brackets dealt the runs by run id`;
  return [
    '## Search',
    `${method}: each rung keeps the best max(1, ⌊n/${spec.eta}⌋) of the n runs that entered it, decided once all of them are stored (ties: lower validation loss, then run id; diverged and failed runs last). Epochs: each rung's entered runs times the epochs from the rung before.`,
    markdownTable(columns, rows).trimEnd(),
    ...lines,
  ].join('\n\n');
}

/** An accuracy difference in percentage points: `0.42 points`. */
function points(x: number | null): string {
  return x === null ? '— points' : `${(x * 100).toFixed(2)} points`;
}
