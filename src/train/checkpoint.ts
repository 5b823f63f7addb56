// The state of a run between epochs, and its file format. Everything that decides what happens
// next is saved: parameters, optimizer state, the shuffling generator and the current example
// order (shuffles permute it in place), plus the metrics so far — so a resumed run ends
// bit-identical to one that was never interrupted.
//
// File layout: "MLPCKPT1", u32 header length, JSON header, zero padding to a multiple of 4,
// then the Float32 arrays (parameters, then optimizer state) and the Uint32 order, back to back.

import type { RngState } from '../nn/rng.js';
import type { EpochMetrics } from '../types.js';

export interface TrainState {
  id: string;
  epoch: number; // epochs completed
  history: EpochMetrics[];
  shuffle: RngState;
  params: Float32Array[];
  optimizer: Float32Array[];
  order: Uint32Array;
}

interface Header {
  id: string;
  epoch: number;
  history: EpochMetrics[];
  shuffle: RngState;
  params: number[]; // lengths
  optimizer: number[];
  order: number;
}

const MAGIC = 'MLPCKPT1';

export function encodeState(s: TrainState): Uint8Array {
  const header: Header = {
    id: s.id, epoch: s.epoch, history: s.history, shuffle: s.shuffle,
    params: s.params.map((p) => p.length), optimizer: s.optimizer.map((p) => p.length), order: s.order.length,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align4(MAGIC.length + 4 + json.length);
  const floats = [...s.params, ...s.optimizer];
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
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw new Error('not an mlplab checkpoint');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength))) as Header;
  let offset = align4(MAGIC.length + 4 + jsonLength);
  const expected = offset + 4 * ([...header.params, ...header.optimizer].reduce((n, l) => n + l, 0) + header.order);
  if (bytes.length !== expected) throw new Error(`checkpoint is ${bytes.length} bytes, expected ${expected}`);
  // Copy out of the file buffer: typed arrays need aligned, owned storage (and a Node Buffer's
  // slice() is a view into a shared pool, so copy explicitly).
  const take = (n: number): Uint8Array => {
    const part = new Uint8Array(4 * n);
    part.set(bytes.subarray(offset, offset + 4 * n));
    offset += 4 * n;
    return part;
  };
  const params = header.params.map((n) => new Float32Array(take(n).buffer));
  const optimizer = header.optimizer.map((n) => new Float32Array(take(n).buffer));
  const order = new Uint32Array(take(header.order).buffer);
  return { id: header.id, epoch: header.epoch, history: header.history, shuffle: header.shuffle, params, optimizer, order };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
