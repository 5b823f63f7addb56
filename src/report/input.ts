// What a report is made from: the experiment as the user wrote it and its stored runs.

import type { RunResult } from '../types.js';
import type { SearchReport } from './search/search-report.js';

export interface ReportInput {
  experiment: {
    name: string;
    description: string;
    /** The experiment file's path as the user gave it, e.g. `experiments/mnist.yaml`. */
    file: string;
    /** Its YAML text, quoted verbatim in the README. */
    source: string;
  };
  runs: RunResult[];
  /** Stored runs of another numerics version: listed apart, in no table or plot (runs/stale.ts). */
  stale?: RunResult[];
  /** Each declared dataset's training file as the experiment wrote it, for the note that describes it. */
  datasetFiles?: Record<string, string>;
  /** Input width for layer summaries when a dataset's width is not known (see report/layers.ts). */
  inputDims?: number;
  /** The search's rungs and outcome, for an experiment with `search:` halving or hyperband. */
  search?: SearchReport;
}
