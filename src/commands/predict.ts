// `mlplab predict <model.safetensors> <input> [-o predictions.csv]`: the network rebuilt from the
// file alone, run on the examples of <input> (data/examples.ts reads IDX, .npy and CSV), with the
// model's own preprocessing. One CSV row per example: its index, the predicted class (name), its
// probability, then the probability of every class (columns named by the classes).

import { readExamples } from '../data/examples.js';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { USAGE } from '../usage.js';
import { readModelFile } from '../model-file/model-file.js';
import { predictModel, USE_BATCH } from '../model-file/use.js';
import { csvField } from '../report/tables/csv.js';
import { writeFileAtomic } from '../util/atomic.js';
import { userFsError } from '../util/fs-errors.js';

export const PREDICT_USAGE = USAGE.predict.synopsis;

/** The exit code of `mlplab predict <args>`: 0, or a DataError / UsageError for the CLI to show. */
export async function predictCommand(args: string[], print: (s: string) => void, log: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 2) throw new UsageError(`predict: expected a model file and an input file — ${PREDICT_USAGE}`);
  const [file, input] = positionals;
  const { model, info } = await readModelFile(file, USE_BATCH);
  const examples = await readExamples(input);
  const P = predictModel(model, info, examples, input);
  const text = predictionsCsv(P, info.classes);
  if (values.output === undefined) {
    print(text);
    return 0;
  }
  try {
    await writeFileAtomic(values.output, text);
  } catch (err) {
    throw userFsError(err, values.output, 'no predictions were written') ?? err;
  }
  log(`mlplab: ${examples.count} prediction(s) written to ${values.output}\n`);
  return 0;
}

function parse(args: string[]) {
  return parseCommandArgs('predict', args, { output: { type: 'string', short: 'o' } });
}

/** index, predicted, probability, then one column per class; probabilities as String(x), exact. */
export function predictionsCsv(P: Float64Array, classes: readonly string[]): string {
  const C = classes.length;
  const lines = [['index', 'predicted', 'probability', ...classes].map(csvField).join(',')];
  for (let r = 0; r < P.length / C; r++) {
    const row = P.subarray(r * C, r * C + C);
    let best = 0;
    for (let c = 1; c < C; c++) if (row[c] > row[best]) best = c;
    lines.push([String(r), csvField(classes[best]), String(row[best]), ...Array.from(row, String)].join(','));
  }
  return `${lines.join('\n')}\n`;
}
