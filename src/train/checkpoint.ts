// The state of a run between epochs, and its file format. Everything that decides what happens
// next is saved: parameters, optimizer state, the layers' own state (BatchNorm's running
// statistics), the shuffling and noise generators, the current example order (shuffles permute it
// in place), the best weights so far (for early stopping), plus the metrics so far — so a resumed
// run ends bit-identical to one that was never interrupted.
//
// File layout: "MLPCKPT2", u32 header length, JSON header, zero padding to a multiple of 4,
// then the Float32 arrays (parameters, optimizer state, layer state, best weights) and the Uint32
// order, back to back. A checkpoint of another layout (e.g. MLPCKPT1) is refused: the run restarts.

import type { RngState } from '../nn/rng.js';
import type { EpochMetrics } from '../types.js';

export interface TrainState {
  id: string;
  epoch: number; // epochs completed
  history: EpochMetrics[];
  shuffle: RngState;
  noise: RngState;
  params: Float32Array[];
  optimizer: Float32Array[];
  layers: Float32Array[];
  /** Parameters and layer state of the best epoch so far (early stopping), else empty. */
  best: Float32Array[];
  order: Uint32Array;
}

/** The Float32 array groups of a state, in file order. */
export const STATE_GROUPS = ['params', 'optimizer', 'layers', 'best'] as const;
export type StateGroup = (typeof STATE_GROUPS)[number];

interface Header {
  id: string;
  epoch: number;
  history: EpochMetrics[];
  shuffle: RngState;
  noise: RngState;
  lengths: Record<StateGroup, number[]>;
  order: number;
}

const MAGIC = 'MLPCKPT2';

export function encodeState(s: TrainState): Uint8Array {
  const lengths = Object.fromEntries(STATE_GROUPS.map((g) => [g, s[g].map((a) => a.length)])) as Record<StateGroup, number[]>;
  const header: Header = { id: s.id, epoch: s.epoch, history: s.history, shuffle: s.shuffle, noise: s.noise, lengths, order: s.order.length };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align4(MAGIC.length + 4 + json.length);
  const floats = STATE_GROUPS.flatMap((g) => s[g]);
  const size = start + 4 * (floats.reduce((n, a) => n + a.length, 0) + s.order.length);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  let offset = start;
  for (const a of floats) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  out.set(new Uint8Array(s.order.buffer, s.order.byteOffset, s.order.byteLength), offset);
  return out;
}

/** Decode a checkpoint; throws on anything malformed (the caller then starts the run afresh). */
export function decodeState(bytes: Uint8Array): TrainState {
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw new Error('not an mlplab checkpoint of this version');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength))) as Header;
  let offset = align4(MAGIC.length + 4 + jsonLength);
  const expected = offset + 4 * (STATE_GROUPS.flatMap((g) => header.lengths[g]).reduce((n, l) => n + l, 0) + header.order);
  if (bytes.length !== expected) throw new Error(`checkpoint is ${bytes.length} bytes, expected ${expected}`);
  // Copy out of the file buffer: typed arrays need aligned, owned storage (and a Node Buffer's
  // slice() is a view into a shared pool, so copy explicitly).
  const take = (n: number): Uint8Array => {
    const part = new Uint8Array(4 * n);
    part.set(bytes.subarray(offset, offset + 4 * n));
    offset += 4 * n;
    return part;
  };
  const [params, optimizer, layers, best] = STATE_GROUPS.map((g) => header.lengths[g].map((n) => new Float32Array(take(n).buffer)));
  const order = new Uint32Array(take(header.order).buffer);
  return { id: header.id, epoch: header.epoch, history: header.history, shuffle: header.shuffle, noise: header.noise, params, optimizer, layers, best, order };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
