// `node dist/bench/halving.js [--results DIR] [--workers N] [--seeds 1,2,3,4,5]`: how much
// successive halving and Hyperband save on experiments/halving.yaml, and what they give up, over
// several experiment seeds. Each seed's 27 runs are trained once as the full grid
// (experiments/halving-grid.yaml); since a grid run's stored epochs hold every rung's prefix, and
// a search's runs are bit-identical to the grid's (test/search/), the halving and Hyperband
// decisions are then computed from those files by the planner itself, without training them
// again. Writes bench/results/halving.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runExperiment } from '../src/commands/run.js';
import type { SearchSpec } from '../src/config/experiment.js';
import { resolveRuns } from '../src/run/resolve.js';
import { experimentDir, readRuns } from '../src/run/store.js';
import { searchOutcomes, type SearchOutcome } from '../src/search/outcome.js';
import { planSearch } from '../src/search/planner.js';
import { kept, rungEpochs } from '../src/search/rungs.js';
import { revision } from './machine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GRID = join(ROOT, 'experiments', 'halving-grid.yaml');
const SEARCH = join(ROOT, 'experiments', 'halving.yaml');

interface Row {
  seed: number;
  method: string;
  outcome: SearchOutcome;
  /** The chosen run's place among the grid's runs by final test accuracy (reported, never used to choose). */
  testRank: number;
  /** Wall time in epochs with `workers` workers: synchronous rungs wait for their slowest run. */
  wall: { sync: number; ideal: number };
}

/**
 * Wall time in epochs of a search on `workers` workers, equal epochs assumed: `mlplab run` trains
 * stage k (rung k of every bracket) longest run first, each on the least busy worker, and waits for
 * the stage's last run before deciding; `ideal` is the same work with no worker ever idle.
 */
function wallEpochs(brackets: { n: number; epochs: number[] }[], eta: number, workers: number): { sync: number; ideal: number } {
  let sync = 0,
    work = 0;
  const lengths = brackets.map((b) => {
    const out: number[][] = [];
    for (let k = 0, m = b.n, before = 0; k < b.epochs.length; before = b.epochs[k]!, m = kept(m, eta), k++)
      out.push(Array.from({ length: m }, () => b.epochs[k]! - before));
    return out;
  });
  for (let k = 0; k < Math.max(...lengths.map((l) => l.length)); k++) {
    const jobs = lengths.flatMap((l) => l[k] ?? []).sort((a, b) => b - a);
    const load = new Array<number>(workers).fill(0);
    for (const j of jobs) load[load.indexOf(Math.min(...load))]! += j;
    sync += Math.max(...load);
    work += jobs.reduce((s, j) => s + j, 0);
  }
  return { sync, ideal: work / workers };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { results: { type: 'string' }, workers: { type: 'string' }, seeds: { type: 'string' } } });
  const results = values.results ?? join(tmpdir(), 'mlplab-bench-halving');
  const workers = Number(values.workers ?? 2);
  const seeds = (values.seeds ?? '1,2,3,4,5').split(',').map(Number);
  const rows: Row[] = [];
  for (const seed of seeds) {
    const set = [`seed=${seed}`];
    await runExperiment({ file: GRID, set, workers, resultsRoot: results, force: false, log: process.stderr });
    const { loaded, planned } = await resolveRuns(SEARCH, { set });
    const stored = await readRuns(experimentDir(results, loaded.experiment.name), (s) => console.error(s));
    for (const method of ['halving', 'hyperband'] as const) {
      const search: SearchSpec = { ...loaded.experiment.search, method };
      const plan = planSearch(planned, stored, search);
      const [outcome] = searchOutcomes(plan, stored, search);
      const R = planned[0]!.spec.train.epochs;
      const all = rungEpochs(search.min_epochs, R, search.eta);
      const wall = wallEpochs(
        plan.brackets.map((b) => ({ n: b.runs.length, epochs: all.slice(all.length - b.rungs.length) })),
        search.eta,
        workers,
      );
      const byTest = planned.map((p) => stored.get(p.id)?.final?.test_accuracy ?? -1).sort((a, b) => b - a);
      const chosenTest = stored.get(outcome!.chosen ?? '')?.final?.test_accuracy ?? -1;
      rows.push({ seed, method, outcome: outcome!, wall, testRank: byTest.indexOf(chosenTest) + 1 });
    }
  }
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(2)}`);
  const lines = [
    '# Successive halving and Hyperband against the full grid',
    '',
    `experiments/halving.yaml (27 configs, 9 epochs, eta 3, by validation accuracy) with experiment seeds ${seeds.join(', ')}; ` +
      `commit ${revision().commit}. Each seed's grid was trained once; the searches are decided from its stored runs by the ` +
      'planner (a search trains bit-identical runs, so this is what `mlplab run` with that method stores). ' +
      'Gaps are the grid best minus the chosen run, in accuracy points; rank 1 is the grid best by validation accuracy ' +
      '(the search metric); "by test acc" ranks the chosen run among the grid\'s by final test accuracy, which nothing chooses by. ' +
      'The last column is wall time in epochs for equal-length epochs: synchronous rungs wait for their last run; "never idle" ' +
      'is the same work spread perfectly over the workers, a bound no scheduler reaches.',
    '',
    `| Seed | Method | Epochs | of grid | Chosen | Rank in grid | by test acc | Val gap | Test gap | Wall epochs, ${workers} workers: synchronous / never idle |`,
    '| ---: | :--- | ---: | ---: | :--- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ seed, method, outcome: o, wall, testRank }) =>
        `| ${seed} | ${method} | ${o.epochsUsed} / ${o.epochsGrid} | ${((100 * o.epochsUsed) / o.epochsGrid).toFixed(1)}% | \`${o.chosen?.slice(0, 8)}\` | ${o.grid?.rank ?? '—'} of ${o.grid?.runs ?? '—'} | ${testRank} | ${pct(o.grid?.valGap ?? null)} | ${pct(o.grid?.testGap ?? null)} | ${wall.sync} / ${wall.ideal.toFixed(1)} |`,
    ),
    '',
    ...(['halving', 'hyperband'] as const).map((method) => {
      const of = rows.filter((r) => r.method === method);
      const mean = (f: (r: Row) => number) => of.reduce((s, r) => s + f(r), 0) / of.length;
      return (
        `- ${method}: ${mean((r) => r.outcome.epochsUsed).toFixed(1)} epochs on average, ` +
        `${(100 * mean((r) => r.outcome.epochsUsed / r.outcome.epochsGrid)).toFixed(1)}% of the grid's; mean rank ${mean((r) => r.outcome.grid?.rank ?? Number.NaN).toFixed(1)}; ` +
        `the grid's best chosen for ${of.filter((r) => r.outcome.grid?.rank === 1).length} of ${of.length} seeds; ` +
        `mean gap ${pct(mean((r) => r.outcome.grid?.valGap ?? Number.NaN))} validation, ${pct(mean((r) => r.outcome.grid?.testGap ?? Number.NaN))} test points.`
      );
    }),
    '',
  ];
  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'halving.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
