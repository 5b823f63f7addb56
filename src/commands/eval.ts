// `mlplab eval <model.safetensors> [--dataset NAME | --data FILE] [--data-dir DIR]`: the network
// rebuilt from the file alone, run on a labelled test set (by default the test set of the dataset
// it was trained on); prints accuracy, loss and the confusion matrix. The numbers come from
// training's own evaluation, so on the run's test set they are its stored final test metrics, digit for digit.

import { readFile } from 'node:fs/promises';
import { datasetChecksum } from '../data/checksum.js';
import { parseCsvTable } from '../data/csv.js';
import { DATASETS, type BuiltinName } from '../data/datasets.js';
import { DataError } from '../data/errors.js';
import { loadDataset } from '../data/load.js';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { USAGE } from '../usage.js';
import { readModelFile, type ModelInfo } from '../model-file/model-file.js';
import { evaluateModel, USE_BATCH } from '../model-file/use.js';
import { dataDirOption } from '../options.js';
import type { Split } from '../types.js';

export const EVAL_USAGE = USAGE.eval.synopsis;

/** The exit code of `mlplab eval <args>`: 0, or a DataError / UsageError for the CLI to show. */
export async function evalCommand(args: string[], env: NodeJS.ProcessEnv, print: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError(`eval: expected one model file — ${EVAL_USAGE}`);
  if (values.dataset !== undefined && values.data !== undefined) throw new UsageError('eval: give --dataset or --data, not both');
  const file = positionals[0];
  const { model, info } = await readModelFile(file, USE_BATCH);
  const { split, what } =
    values.data !== undefined
      ? await csvSplit(values.data, info)
      : await datasetSplit(values.dataset ?? info.dataset, info, dataDirOption(values['data-dir'], env.MLPLAB_DATA));
  if (split.rows * split.cols !== info.inputs)
    throw new DataError(`${what}: ${split.rows * split.cols} values per example, the model in ${file} takes ${info.inputs}`);
  const { accuracy, loss, confusion } = evaluateModel(model, info, split);
  const correct = confusion.reduce((n, row, c) => n + row[c], 0);
  print(`model: ${file} (run ${info.run_id}, trained on ${info.dataset})\n`);
  print(`data: ${what}, ${split.count} examples\n`);
  // Printed in full (String): the same digits as the run file's final.test_accuracy and test_loss.
  print(`accuracy: ${accuracy} (${correct}/${split.count})\n`);
  print(`loss: ${loss}\n`);
  print(`confusion matrix (rows: true class, columns: predicted):\n${confusionText(confusion, info.classes)}`);
  return 0;
}

function parse(args: string[]) {
  return parseCommandArgs('eval', args, { dataset: { type: 'string' }, data: { type: 'string' }, 'data-dir': { type: 'string' } });
}

async function datasetSplit(name: string, info: ModelInfo, dataDir: string | undefined): Promise<{ split: Split; what: string }> {
  if (!Object.hasOwn(DATASETS, name)) throw new UsageError(`eval: unknown dataset "${name}" (known: ${Object.keys(DATASETS).join(', ')})`);
  const dataset = await loadDataset(name as BuiltinName, { dataDir, shared: false });
  if (dataset.classes.length !== info.classes.length)
    throw new DataError(`${name} has ${dataset.classes.length} classes, the model ${info.classes.length}`);
  // Said either way: only on the very data of the run do the numbers match its stored ones.
  const own =
    name === info.dataset && (await datasetChecksum(name as BuiltinName, { dataDir, allowModified: true })) === info.dataset_sha256;
  const whose = own ? "the run's own data" : 'not the data the run was trained on';
  return { split: dataset.test, what: `${name} test set from ${dataset.source} (${whose})` };
}

/** A CSV of pixel values (0–255) with a `label` column of class names or indices. */
async function csvSplit(path: string, info: ModelInfo): Promise<{ split: Split; what: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError(`${path}: cannot read (${(err as Error).message})`);
  }
  const table = parseCsvTable(text, path, 'label');
  const labels = Uint8Array.from(table.labels ?? [], (text, r) => {
    const c = info.classes.includes(text) ? info.classes.indexOf(text) : /^\d+$/.test(text) ? Number(text) : -1;
    if (c < 0 || c >= info.classes.length)
      throw new DataError(
        `${path}: line ${table.lines[r]}: label "${text}" is not one of the model's classes (${info.classes.join(', ')})`,
      );
    return c;
  });
  // A model of real-valued features takes them as they are; an image model, pixel values.
  if (info.features !== undefined) {
    const features = Float32Array.from(table.values);
    return { split: { images: new Uint8Array(0), features, labels, count: table.rows, rows: 1, cols: table.columns.length }, what: path };
  }
  const images = new Uint8Array(table.values.length);
  table.values.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x > 255)
      throw new DataError(
        `${path}: line ${Math.floor(i / table.columns.length) + 2}, column ${table.columns[i % table.columns.length]}: ${x} is not a pixel value (an integer 0–255)`,
      );
    images[i] = x;
  });
  return { split: { images, labels, count: table.rows, rows: 1, cols: table.columns.length }, what: path };
}

/** The matrix as an aligned text table, class names as row and column heads. */
export function confusionText(confusion: number[][], classes: readonly string[]): string {
  const cells = [['', ...classes], ...confusion.map((row, c) => [classes[c], ...row.map(String)])];
  const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells.map((row) => `${row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  ')}\n`).join('');
}
