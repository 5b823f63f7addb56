// An experiment's runs, from its file, resolved against this machine: the checksums of the data
// found here go into the run ids, and runs that cannot fit in its memory are refused. The first
// step of `mlplab run`, `report` and `plan`; light on purpose (no plotting libraries), so that
// `mlplab plan` starts quickly.

import { totalmem } from 'node:os';
import { dataShape } from '../estimate/estimate.js';
import { expandRuns, loadExperiment } from '../config/index.js';
import { localChecksum, pinnedChecksum } from '../data/checksum.js';
import { DATASETS, isBuiltin, type BuiltinName, type DatasetEntry } from '../data/datasets.js';
import { loadDeclared, type LoadedDeclared } from '../data/declared.js';
import { UsageError } from '../errors.js';
import { runMemory } from '../train/memory.js';
import type { DatasetName } from '../types.js';
import { bytes, datasetBytes, memoryProblems, runBytes, workersThatFit } from './memory-limit.js';

export type Loaded = ReturnType<typeof loadExperiment>;
export type Planned = ReturnType<typeof expandRuns>;

export interface ResolveOptions {
  set?: string[];
  dataDir?: string;
  /** Accept local MNIST / Fashion-MNIST files that differ from the official ones (--allow-modified-data). */
  allowModifiedData?: boolean;
  /**
   * Refuse runs that cannot fit in memory (ConfigError at the field to change), and a --workers
   * that would hold more runs at once than this machine's memory (UsageError). Sizes are those of
   * the registered datasets (a smaller --data-dir copy is measured as the real one).
   */
  fit?: { workers: number };
  /**
   * The checksum to plan a dataset with when its files are not on this machine (undefined: that
   * of the official files, as a download would fetch). `plan` and `prune` pass the one its stored
   * runs recorded (run/stored-checksum.ts); `run` does not, since it needs the files anyway.
   */
  whenMissing?: (dataset: BuiltinName, experiment: string) => Promise<string | undefined>;
  /** Registry entries replaced, as ChecksumOptions.entry (tests: a dataset not installed here). */
  entries?: Partial<Record<BuiltinName, DatasetEntry>>;
}

export interface Resolved {
  loaded: Loaded;
  planned: Planned;
  /** The declared datasets the runs use, read (into shared memory) to plan them: `run` trains on these. */
  declared: Map<DatasetName, LoadedDeclared>;
}

/**
 * The experiment's runs; their ids include the checksum of the data each would train on. A
 * declared dataset is read whole here: its classes and shape come from its files, and bad data
 * stops the command before anything trains.
 */
export async function resolveRuns(file: string, opts: ResolveOptions = {}): Promise<Resolved> {
  const loaded = loadExperiment(file, { set: opts.set });
  const checksums = new Map<DatasetName, string>();
  const declared = new Map<DatasetName, LoadedDeclared>();
  for (const name of loaded.datasets) {
    const declaration = loaded.declared.get(name);
    if (declaration !== undefined) {
      const data = await loadDeclared(name, declaration);
      declared.set(name, data);
      checksums.set(name, data.sha256);
      continue;
    }
    if (!isBuiltin(name)) throw new Error(`dataset ${name} is neither built in nor declared`); // config/declared.ts checked
    const local = await localChecksum(name, { dataDir: opts.dataDir, allowModified: opts.allowModifiedData, entry: opts.entries?.[name] });
    checksums.set(name, local ?? (await opts.whenMissing?.(name, loaded.experiment.name)) ?? pinnedChecksum(name));
  }
  const machine = totalmem();
  const ctx = {
    classesOf: (d: DatasetName) => declared.get(d)?.dataset.classes.length ?? DATASETS[d as BuiltinName].classes.length,
    checksumOf: (d: DatasetName) => checksums.get(d)!,
    declaredOf: (d: DatasetName) => declared.get(d)?.spec,
    ...(opts.fit === undefined ? {} : { check: fitCheck(machine) }),
  };
  const planned = expandRuns(loaded, ctx);
  if (opts.fit !== undefined) checkWorkers(planned, loaded.datasets, opts.fit.workers, machine);
  return { loaded, planned, declared };
}

/** Each run alone must fit: in its arena, and with its dataset in this machine's memory. */
export const fitCheck = (machine: number) => (spec: Planned[number]['spec']) => memoryProblems(spec, dataShape(spec), machine);

/** The workers' runs at once (the largest ones, to be safe) and the datasets must fit in memory. */
function checkWorkers(planned: Planned, datasets: readonly DatasetName[], workers: number, machine: number): void {
  if (planned.length === 0) return;
  const perRun = Math.max(...planned.map(({ spec }) => runBytes(runMemory(spec, dataShape(spec)))));
  const specOf = (d: DatasetName) => planned.find(({ spec }) => spec.dataset === d)?.spec;
  const data = datasets.reduce((sum, d) => {
    const spec = specOf(d);
    return spec === undefined ? sum : sum + datasetBytes(dataShape(spec));
  }, 0);
  const atOnce = Math.min(workers, planned.length);
  if (data + atOnce * perRun <= machine) return;
  throw new UsageError(
    `--workers ${workers}: ${atOnce} runs at once need about ${bytes(data + atOnce * perRun)} with the datasets, ` +
      `more than this machine's ${bytes(machine)}: use --workers ${workersThatFit(perRun, data, machine)} or fewer`,
  );
}
