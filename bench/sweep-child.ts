// Runs one `mlplab run` in this process and prints its wall time and peak memory as JSON.
// A separate process per measurement, so each peak RSS is its own (threads share the process).

import { runExperiment } from '../src/commands/run.js';

const [file, results, workers] = process.argv.slice(2);
const start = performance.now();
const summary = await runExperiment({ file, workers: Number(workers), resultsRoot: results, force: true, log: { write: () => true } });
const failed = summary.trained.filter((r) => r.status !== 'done').length;
console.log(
  JSON.stringify({
    seconds: (performance.now() - start) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    runs: summary.trained.length,
    failed,
  }),
);
