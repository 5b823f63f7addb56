// The rows behind the learning curves, one per config (or run) and epoch: `mean` rows average a
// config's finished runs (with a ±1 standard deviation band when it has replicates), `stopped`
// rows are the epochs of runs that failed or diverged, drawn as they are, and `kept` rows mark
// the epoch whose weights early stopping kept, where that is not the last one drawn.

import type { Config } from '../runs/configs.js';
import { band, summarize } from '../runs/stats.js';
import { finite, type PlotContext } from './context.js';

export type Row = Record<string, string | number | null>;

/** The metrics a panel can show. */
export type Metric = 'val_accuracy' | 'test_accuracy' | 'train_loss';

/** `validation`: some run has validation metrics, so rows carry them (old reports' rows stay as they were). */
export function curveRows(ctx: PlotContext, validation: boolean): Row[] {
  return ctx.configs.flatMap((c) => [...meanRows(ctx, c, validation), ...stoppedRows(ctx, c, validation), ...keptRows(ctx, c)]);
}

/** The fields every row of a config starts with. */
function base(ctx: PlotContext, config: Config, kind: Row['kind']): Row {
  const { dash, grey } = ctx.encoding;
  return {
    kind,
    label: config.label,
    series: ctx.series.get(config.label)!,
    ...(dash === undefined ? {} : { dash: dash.get(config.label)! }),
    ...(grey.size === 0 ? {} : { grey: grey.has(config.label) ? 1 : 0 }),
    dataset: config.spec.dataset,
  };
}

/** Per epoch, the mean (and spread) of each metric over the config's finished runs. */
function meanRows(ctx: PlotContext, config: Config, validation: boolean): Row[] {
  const last = Math.max(0, ...config.done.map((r) => r.epochs.length));
  const rows: Row[] = [];
  for (let epoch = 1; epoch <= last; epoch++) {
    const at = config.done.map((r) => r.epochs.find((e) => e.epoch === epoch));
    const stat = (m: 'val_accuracy' | 'test_accuracy' | 'train_accuracy' | 'train_loss' | 'test_loss') => summarize(at.map((e) => e?.[m]));
    const acc = stat('test_accuracy');
    const loss = stat('train_loss');
    const val = stat('val_accuracy');
    const accBand = band(acc);
    const lossBand = band(loss);
    const valBand = band(val);
    rows.push({
      ...base(ctx, config, 'mean'),
      ...(config.runs.length === 1 ? { run_id: config.runs[0]!.id } : {}),
      epoch,
      ...(ctx.replicated ? { n: acc.n } : {}),
      ...(validation ? { val_accuracy: val.mean } : {}),
      ...(validation && ctx.replicated ? { val_accuracy_lo: valBand.lo, val_accuracy_hi: valBand.hi } : {}),
      test_accuracy: acc.mean,
      ...(ctx.replicated ? { test_accuracy_lo: accBand.lo, test_accuracy_hi: accBand.hi } : {}),
      train_loss: loss.mean,
      // The loss axis is logarithmic: a band reaching 0 or below cannot be drawn, so it is left out.
      ...(ctx.replicated
        ? { train_loss_lo: lossBand.lo !== null && lossBand.lo > 0 ? lossBand.lo : null, train_loss_hi: lossBand.hi }
        : {}),
      train_accuracy: stat('train_accuracy').mean,
      test_loss: stat('test_loss').mean,
    });
  }
  return rows;
}

/** The epochs of runs that did not finish, one row each: they are drawn, not averaged. */
function stoppedRows(ctx: PlotContext, config: Config, validation: boolean): Row[] {
  return config.runs
    .filter((r) => r.status !== 'done')
    .flatMap((run) =>
      run.epochs.map((e) => ({
        ...base(ctx, config, 'stopped'),
        run_id: run.id,
        status: run.status,
        seed: run.spec.seed,
        epoch: e.epoch,
        ...(validation ? { val_accuracy: finite(e.val_accuracy) } : {}),
        test_accuracy: finite(e.test_accuracy),
        train_loss: finite(e.train_loss),
        train_accuracy: finite(e.train_accuracy),
        test_loss: finite(e.test_loss),
      })),
    );
}

/**
 * The epoch early stopping kept, for a config of one finished run whose line goes on past it (a
 * mean over seeds has no one such epoch). Its final accuracies are this epoch's, not the last's.
 */
function keptRows(ctx: PlotContext, config: Config): Row[] {
  const run = config.runs.length === 1 ? config.done[0] : undefined;
  const kept = run?.epochs.find((e) => e.epoch === run.best_epoch);
  if (!run || !kept || kept.epoch === Math.max(...run.epochs.map((e) => e.epoch))) return [];
  return [
    {
      ...base(ctx, config, 'kept'),
      run_id: run.id,
      epoch: kept.epoch,
      val_accuracy: finite(kept.val_accuracy),
      test_accuracy: finite(kept.test_accuracy),
    },
  ];
}
