// Whether a run fits before it starts: its WebAssembly memory within what one arena may grow to,
// and, with its dataset, within this machine's memory (train/memory.ts says what it needs). A run
// that does not fit is a problem at the field to change — the batch size, or the widest layer —
// saying how much it needs and what the limit is. Pure: the machine's memory comes in.

import { fieldProblem, type ConfigProblem } from '../config/errors.js';
import type { FieldPath } from '../config/path.js';
import { MAX_PAGES } from '../nn/kernels/arena.js';
import { PAGE_BYTES } from '../nn/kernels/wasm/api.js';
import { runMemory, type MemoryShape, type RunMemory } from '../train/memory.js';
import type { RunSpec } from '../types.js';

/** The most a run's arena may hold (its memory's maximum size). */
export const ARENA_LIMIT = MAX_PAGES * PAGE_BYTES;

/** 3 significant digits in binary units: 512 KiB, 2 GiB, 2.85 TiB. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) [n, i] = [n / 1024, i + 1];
  return `${Number(n.toPrecision(3))} ${units[i]}`;
}

/** Inputs and labels (a byte each) of a dataset, loaded once and shared by every worker. */
export function datasetBytes(shape: MemoryShape): number {
  return (shape.train + shape.test) * (shape.inputs * (shape.valueBytes ?? 1) + 1);
}

/** Everything a run holds at once: its arena and the ordinary memory around it. */
export const runBytes = (m: RunMemory): number => m.arena + m.host;

function withBatch(spec: RunSpec, batch_size: number): RunSpec {
  return { ...spec, train: { ...spec.train, batch_size } };
}

/** The largest batch size (≤ the spec's) for which `fits` holds, or 0 if none does. */
function largestBatch(spec: RunSpec, fits: (s: RunSpec) => boolean): number {
  let lo = 0,
    hi = spec.train.batch_size; // fits(lo) is taken to hold, fits(hi) does not
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(withBatch(spec, mid))) lo = mid;
    else hi = mid;
  }
  return lo > 0 && fits(withBatch(spec, lo)) ? lo : 0;
}

/** The field to change: the batch size if a smaller one fits, else the widest layer. */
function culprit(spec: RunSpec, fits: (s: RunSpec) => boolean): { path: FieldPath; advice: string } {
  const batch = largestBatch(spec, fits);
  if (batch > 0) return { path: ['train', 'batch_size'], advice: `a batch_size of at most ${batch} fits` };
  const widths = spec.model.layers.map((layer) => ('linear' in layer ? layer.linear.units : 0));
  const widest = widths.indexOf(Math.max(...widths));
  if (widest < 0) return { path: ['model', 'layers'], advice: 'use a smaller model' };
  return { path: ['model', 'layers', widest, 'linear', 'units'], advice: 'use fewer units' };
}

function parts(m: RunMemory): string {
  return `parameters and optimizer state ${bytes(m.parameters)}, batch buffers ${bytes(m.batch)}, kernel work areas ${bytes(m.work)}`;
}

/**
 * The problems that stop `spec` from running on a dataset of `shape` with `machine` bytes of
 * memory: none if it fits. Each names the field to change (no file position: the caller places it).
 */
export function memoryProblems(spec: RunSpec, shape: MemoryShape, machine: number): ConfigProblem[] {
  const need = runMemory(spec, shape);
  if (need.arena > ARENA_LIMIT) {
    const { path, advice } = culprit(spec, (s) => runMemory(s, shape).arena <= ARENA_LIMIT);
    return [
      fieldProblem(
        path,
        `this run needs about ${bytes(need.arena)} of WebAssembly memory (${parts(need)}), ` +
          `more than the ${bytes(ARENA_LIMIT)} a run may use: ${advice}`,
      ),
    ];
  }
  const data = datasetBytes(shape);
  if (runBytes(need) + data > machine) {
    const { path, advice } = culprit(spec, (s) => runBytes(runMemory(s, shape)) + data <= machine);
    return [
      fieldProblem(
        path,
        `this run needs about ${bytes(runBytes(need))} of memory and its dataset ${bytes(data)}, ` +
          `more than this machine's ${bytes(machine)}: ${advice}`,
      ),
    ];
  }
  return [];
}

/**
 * How many runs fit in memory at once, each `perRun` bytes beside the shared datasets: what
 * --workers may be at most (at least 1: memoryProblems has refused a run that does not fit alone).
 */
export function workersThatFit(perRun: number, datasets: number, machine: number): number {
  return Math.max(1, Math.floor((machine - datasets) / perRun));
}
