// What varies among configs, as parameters named by their dotted `--set` path
// (`train.optimizer.sgd.lr`, `model.layers[0].linear.units`): the basis of run labels, the
// README's "varying" line and the sweep plots. Found from the specs alone, so it works for any
// sweep shape (grid, zip, random search, whole layer stacks) without knowing how it was written.

import type { RunSpec } from '../types.js';

/** A field that takes more than one value among the specs. */
export interface Param {
  /** `train.optimizer.sgd.lr`; a whole composite (`model.layers`) when its shape differs. */
  path: string;
  /** Short name for labels: `lr`, `batch`, `units`, `layers`. */
  name: string;
  /** Readable name for axes and legends: `learning rate`, `batch size`, `hidden units`. */
  title: string;
  /** Every value is a number: it can go on a quantitative axis. */
  numeric: boolean;
  /** The spec's value here: a number when numeric, else a string that is equal iff the values are. */
  value(spec: RunSpec): number | string;
}

/**
 * Not hyperparameters: the experiment's name, the seed (what replicates differ in, see
 * configs.ts) and the data checksum, which labels.ts brings in only when nothing else differs.
 */
const NOT_PARAMS = new Set(['experiment', 'seed', 'dataset_sha256']);

/**
 * Union-typed fields. Their leaves are parameters of their own (`…sgd.lr`, `…[0].linear.units`)
 * only while every spec has the same shape there; across different optimizers, schedules or layer
 * stacks (or early stopping off and on) a leaf path means different things, so the whole field
 * becomes one categorical parameter.
 */
export const COMPOSITES = ['model.layers', 'train.optimizer', 'train.schedule', 'train.early_stopping'] as const;

/** Reading order of labels and axes; fields not listed (added later) follow in path order. */
const ORDER = [
  'dataset',
  'preprocess',
  'model.layers',
  'model.loss',
  'train.optimizer',
  'train.schedule',
  'train.warmup_epochs',
  'train.batch_size',
  'train.epochs',
];

const ALIASES: Partial<Record<string, string>> = { batch_size: 'batch', 'model.layers': 'layers', 'train.optimizer': 'optimizer' };
const TITLES: Partial<Record<string, string>> = {
  lr: 'learning rate',
  batch_size: 'batch size',
  'model.layers': 'layer stack',
  'train.warmup_epochs': 'warm-up epochs',
  'train.clip_norm': 'gradient clip norm',
  'train.validation': 'validation fraction',
};

type Leaf = string | number | boolean | null;

/** The parameters that vary among `specs`, in reading order. */
export function varyingParams(specs: readonly RunSpec[]): Param[] {
  const flat = specs.map((s) => flatten(s));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  const params: Param[] = [];
  for (const composite of COMPOSITES) {
    const shapes = new Set(
      flat.map((f) =>
        under(f, composite)
          .map(([p]) => p)
          .join('\n'),
      ),
    );
    if (shapes.size > 1) params.push(categorical(composite, (spec) => JSON.stringify(under(flatten(spec), composite))));
  }
  const whole = new Set(params.map((p) => p.path));
  for (const path of paths) {
    if (whole.has(COMPOSITES.find((c) => within(path, c)) ?? '')) continue;
    const values = flat.map((f) => f.get(path) ?? null);
    if (new Set(values.map((v) => JSON.stringify(v))).size < 2) continue;
    const read = (spec: RunSpec) => flatten(spec).get(path) ?? null;
    params.push(
      values.every((v) => typeof v === 'number')
        ? { path, name: shortName(path), title: title(path), numeric: true, value: (spec) => read(spec) as number }
        : categorical(path, (spec) => String(read(spec))),
    );
  }
  params.sort((a, b) => rank(a.path) - rank(b.path) || comparePaths(a.path, b.path));
  // A short name shared by two parameters (units of two layers) would make labels ambiguous,
  // unless they always take the same value (a zip that sets two dropout rates together): then
  // they read as one.
  const same = (p: Param, q: Param) => specs.every((s) => p.value(s) === q.value(s));
  const clash = (key: 'name' | 'title', p: Param) => params.some((q) => q !== p && q[key] === p[key] && !same(p, q));
  const renamed = params.map((p) => ({ name: clash('name', p), title: clash('title', p) }));
  params.forEach((p, i) => {
    const n = layerNumber(p.path, specs[0]!);
    if (renamed[i]!.name) p.name = n === undefined ? p.path : `${p.name}${n}`;
    if (renamed[i]!.title) p.title = n === undefined ? p.path : `${p.title}, layer ${n}`;
  });
  return params;
}

/** Parameters that always take the same values among `specs`, as one: what a zip moves together. */
export function distinctParams(params: readonly Param[], specs: readonly RunSpec[]): Param[] {
  const key = (p: Param) => JSON.stringify(specs.map((s) => p.value(s)));
  const seen = new Set<string>();
  return params.filter((p) => !seen.has(key(p)) && Boolean(seen.add(key(p))));
}

/**
 * `model.layers[2].linear.units` → 2: the second linear layer, counted by kind from 1 as people
 * do. (A leaf of a layer stack is a parameter only while every stack has one shape, so any spec
 * will do.)
 */
function layerNumber(path: string, spec: RunSpec): number | undefined {
  const m = /^model\.layers\[(\d+)\]\.(\w+)\./.exec(path);
  if (!m) return undefined;
  const [index, kind] = [Number(m[1]), m[2]!];
  return spec.model.layers.slice(0, index + 1).filter((l) => kind in l).length;
}

/** True when `path` is `root` or lies below it. */
export function within(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`) || path.startsWith(`${root}[`);
}

function categorical(path: string, value: (spec: RunSpec) => string): Param {
  return { path, name: shortName(path), title: title(path), numeric: false, value };
}

/**
 * A layer's field reads by what it is (`hidden units`, `dropout rate`); which layer, only when two
 * of a kind vary apart (see varyingParams). Elsewhere the field's own name.
 */
function title(path: string): string {
  const leaf = LAYER_LEAF.exec(path);
  if (leaf) return LAYER_TITLES[`${leaf[1]!}.${leaf[2]!}`] ?? `${leaf[1]!} ${leaf[2]!.replace(/_/g, ' ')}`;
  const last = lastSegment(path);
  return TITLES[path] ?? TITLES[last] ?? last.replace(/_/g, ' ');
}

const LAYER_LEAF = /^model\.layers\[\d+\]\.(\w+)\.(\w+)$/;
const LAYER_TITLES: Partial<Record<string, string>> = { 'linear.units': 'hidden units', 'dropout.rate': 'dropout rate' };
/** In labels a dropout rate reads `dropout 0.2`; other layer fields by their own name (`units 64`). */
const LAYER_NAMES: Partial<Record<string, string>> = { 'dropout.rate': 'dropout' };

function lastSegment(path: string): string {
  return (
    path
      .split(/[.[\]]+/)
      .filter(Boolean)
      .at(-1) ?? path
  );
}

function shortName(path: string): string {
  const leaf = LAYER_LEAF.exec(path);
  const named = leaf ? LAYER_NAMES[`${leaf[1]!}.${leaf[2]!}`] : undefined;
  if (named) return named;
  const last = lastSegment(path);
  return ALIASES[path] ?? ALIASES[last] ?? last;
}

function rank(path: string): number {
  const i = ORDER.findIndex((root) => within(path, root));
  return i === -1 ? ORDER.length : i;
}

/** Code-point order, except that array indices compare as numbers (`[2]` before `[10]`). */
function comparePaths(a: string, b: string): number {
  const pad = (p: string) => p.replace(/\[(\d+)\]/g, (_, i: string) => `[${i.padStart(6, '0')}]`);
  const [x, y] = [pad(a), pad(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The entries at or below `root`, in path order. */
function under(flat: Map<string, Leaf>, root: string): [string, Leaf][] {
  return [...flat].filter(([p]) => within(p, root)).sort(([a], [b]) => comparePaths(a, b));
}

/**
 * Path → leaf value, paths written as users write them (`model.layers[2].linear.units`). An empty
 * object (`relu: {}`) is a leaf too, so a layer without options still counts in the shape.
 */
function flatten(spec: RunSpec): Map<string, Leaf> {
  const cached = FLAT.get(spec);
  if (cached) return cached;
  const out = new Map<string, Leaf>();
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) {
        if (path === '' && NOT_PARAMS.has(k)) continue;
        walk(v, path === '' ? k : `${path}.${k}`);
      }
    } else out.set(path, typeof value === 'object' && value !== null ? '{}' : (value as Leaf));
  };
  walk(spec, '');
  FLAT.set(spec, out);
  return out;
}

/** Specs are read many times per report (labels, grid checks, plots) and never mutated. */
const FLAT = new WeakMap<RunSpec, Map<string, Leaf>>();
