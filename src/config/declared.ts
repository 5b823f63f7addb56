// The datasets an experiment's runs use, checked against what it declares (`datasets:`): every
// name is a built-in dataset or a declared one, and each declared one that a run uses has its
// paths resolved against the file that wrote them (a base file's datasets live beside the base),
// its files present, and the fields its format needs. Problems point at the field that is wrong.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DATASETS, isBuiltin } from '../data/datasets.js';
import type { DatasetDeclaration } from '../data/declared.js';
import type { FilePair } from '../data/declared-spec.js';
import type { ConfigProblem } from './errors.js';
import type { Experiment } from './experiment.js';
import { isMapping } from './access.js';
import type { FieldPath } from './path.js';
import type { Place } from './place.js';
import { suggest } from './suggest.js';
import { placeInRun, type Variant } from './variants.js';

/** The names `dataset:` gives as written that are neither built in nor declared under `datasets:`. */
export function unknownDatasets(data: unknown, place: Place): ConfigProblem[] {
  if (!isMapping(data)) return [];
  const declared = isMapping(data.datasets) ? Object.keys(data.datasets) : [];
  const known = [...Object.keys(DATASETS), ...declared];
  const named = Array.isArray(data.dataset)
    ? data.dataset.map((d, i): [unknown, FieldPath] => [d, ['dataset', i]])
    : [[data.dataset, ['dataset']] as [unknown, FieldPath]];
  // Names the schema refuses (not a string, bad characters) are its to report.
  return named
    .filter(([name]) => typeof name === 'string' && /^[a-z0-9][a-z0-9._-]*$/.test(name) && !known.includes(name))
    .map(([name, path]) => ({ ...place(path), path, message: unknownMessage(name as string, known) }));
}

function unknownMessage(name: string, known: readonly string[]): string {
  const near = suggest(name, known);
  return `unknown dataset "${name}" (${near === undefined ? '' : `did you mean "${near}"? `}known: ${known.join(', ')}; declare your own under datasets:)`;
}

/** Each declared dataset a run uses, paths made absolute; or the problems found. */
export function declaredDatasets(
  experiment: Experiment,
  variants: readonly Variant[],
  place: Place,
): { declared: Map<string, DatasetDeclaration>; problems: ConfigProblem[] } {
  const declared = new Map<string, DatasetDeclaration>();
  const problems: ConfigProblem[] = [];
  const known = [...Object.keys(DATASETS), ...Object.keys(experiment.datasets ?? {})];
  const listed = Array.isArray(experiment.dataset) ? experiment.dataset : [experiment.dataset];
  const seen = new Set<string>();
  for (const v of variants) {
    const name = v.experiment.dataset;
    if (isBuiltin(name) || declared.has(name) || seen.has(name)) continue;
    seen.add(name);
    const own = experiment.datasets ?? {};
    if (!Object.hasOwn(own, name)) {
      const path: FieldPath = Array.isArray(experiment.dataset) ? ['dataset', listed.indexOf(name)] : ['dataset'];
      problems.push({ ...placeInRun(path, 'value', v.assignments, place), path, message: unknownMessage(name, known) });
      continue;
    }
    const found = resolveDeclaration(name, own[name], place);
    if (Array.isArray(found)) problems.push(...found);
    else declared.set(name, found);
  }
  return { declared, problems };
}

function resolveDeclaration(name: string, decl: DatasetDeclaration, place: Place): DatasetDeclaration | ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (path: FieldPath, message: string): void => void problems.push({ ...place(path), path, message });
  const base: FieldPath = ['datasets', name];
  const file = (path: FieldPath, written: string): string => {
    const where = place(path);
    // A --set has no file: its path is the command line's, relative to the working directory.
    const full = isAbsolute(written) ? written : where.line === 0 ? resolve(written) : join(dirname(where.file), written);
    if (!existsSync(full)) at(path, `no such file: ${full}`);
    return full;
  };
  const split = (key: 'train' | 'test', part: string | FilePair): string | FilePair => {
    const path = [...base, key];
    if (decl.format === 'csv') {
      if (typeof part !== 'string') at(path, 'a csv dataset takes one file per split (its label is a column)');
      else return file(path, part);
      return part;
    }
    if (typeof part === 'string') {
      at(path, `a ${decl.format} dataset takes { features: <file>, labels: <file> } per split`);
      return part;
    }
    return { features: file([...path, 'features'], part.features), labels: file([...path, 'labels'], part.labels) };
  };
  if (decl.format !== 'csv' && decl.label !== undefined)
    at([...base, 'label'], `is for csv datasets; a ${decl.format} dataset has a labels file`);
  const resolved: DatasetDeclaration = {
    ...decl,
    train: split('train', decl.train),
    test: typeof decl.test === 'number' ? decl.test : split('test', decl.test),
  };
  return problems.length > 0 ? problems : resolved;
}
