// The state of a run between epochs, and its file format. Everything that decides what happens
// next is saved: parameters, optimizer state, the layers' own state (BatchNorm's running
// statistics), the shuffling and noise generators, the current example order (shuffles permute it
// in place), the best weights so far (for early stopping), plus the metrics so far — so a resumed
// run ends bit-identical to one that was never interrupted.
//
// File layout: "MLPCKPT3", u32 header length, JSON header, zero padding to a multiple of 4,
// then the Float32 arrays (parameters, optimizer state, layer state, best weights) and the Uint32
// order, back to back, then a 32-byte SHA-256 of the run id, a zero byte and everything before the
// digest. The digest catches any damaged, truncated or extended file, and a checkpoint copied from
// another run; the checks after it catch what a digest cannot: bytes written wrong in the first
// place. A checkpoint of another layout (MLPCKPT1/2), or of another numerics version (numerics.ts),
// is refused as out of date: the run restarts.

import { createHash } from 'node:crypto';
import { checkHeader, checkValues, type Header } from './checkpoint-check.js';
import { STATE_GROUPS, type StateGroup, type TrainState } from './train-state.js';
import { LEGACY_NUMERICS, NUMERICS_VERSION } from './numerics.js';

export { STATE_GROUPS, type StateGroup, type TrainState } from './train-state.js';

/** A checkpoint that cannot be trusted: damaged, truncated, another run's, or impossible values. */
export class CorruptCheckpoint extends Error {
  override name = 'CorruptCheckpoint';
}

/** A checkpoint of an earlier file layout: intact, as far as anyone knows, but not readable here. */
export class OutdatedCheckpoint extends Error {
  override name = 'OutdatedCheckpoint';
}

const MAGIC = 'MLPCKPT3';
const FAMILY = 'MLPCKPT'; // every layout's magic starts so, which tells "outdated" from "garbage"
const DIGEST = 32;

function digest(id: string, body: Uint8Array): Uint8Array {
  return createHash('sha256').update(id, 'utf8').update(new Uint8Array(1)).update(body).digest();
}

/** Whether the digest at the end of `bytes` is that of run `id` and the bytes before it. */
function intact(bytes: Uint8Array, id: string): boolean {
  if (bytes.length < DIGEST) return false;
  const body = bytes.subarray(0, bytes.length - DIGEST),
    stored = bytes.subarray(bytes.length - DIGEST);
  return digest(id, body).every((b, i) => b === stored[i]);
}

export function encodeState(s: TrainState): Uint8Array {
  const lengths = Object.fromEntries(STATE_GROUPS.map((g) => [g, s[g].map((a) => a.length)])) as Record<StateGroup, number[]>;
  const header: Header = {
    id: s.id,
    numerics: NUMERICS_VERSION,
    ...(s.kernels === undefined ? {} : { kernels: s.kernels }),
    epoch: s.epoch,
    history: s.history,
    shuffle: s.shuffle,
    noise: s.noise,
    lengths,
    order: s.order.length,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align4(MAGIC.length + 4 + json.length);
  const floats = STATE_GROUPS.flatMap((g) => s[g]);
  const body = start + 4 * (floats.reduce((n, a) => n + a.length, 0) + s.order.length);
  const out = new Uint8Array(body + DIGEST);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  let offset = start;
  for (const a of floats) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  out.set(new Uint8Array(s.order.buffer, s.order.byteOffset, s.order.byteLength), offset);
  out.set(digest(s.id, out.subarray(0, body)), body);
  return out;
}

/** What computed a checkpoint that does not say: only the wasm kernels wrote checkpoints then (by default). */
const LEGACY_KERNELS = 'wasm';

/**
 * Decode the checkpoint of run `id`. Throws OutdatedCheckpoint for an earlier layout, or for a
 * state computed by other kernels than `kernels` (when given), and CorruptCheckpoint for anything
 * else wrong (the caller then starts the run afresh).
 */
export function decodeState(bytes: Uint8Array, id: string, kernels?: string): TrainState {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) {
    // One flipped bit turns "MLPCKPT3" into "MLPCKPT2": a file that checks out under this layout's
    // magic is a damaged checkpoint of this layout, not an old one.
    const asCurrent = Uint8Array.from(bytes);
    asCurrent.set(new TextEncoder().encode(MAGIC), 0);
    if (magic.startsWith(FAMILY) && !intact(asCurrent, id)) throw new OutdatedCheckpoint(`an older checkpoint format (${magic})`);
    throw new CorruptCheckpoint(magic.startsWith(FAMILY) ? `its format tag reads ${magic}` : 'not an mlplab checkpoint');
  }
  if (bytes.length < MAGIC.length + 4 + DIGEST) throw new CorruptCheckpoint(`truncated to ${bytes.length} bytes`);
  if (!intact(bytes, id)) throw new CorruptCheckpoint('checksum mismatch: the file is damaged or truncated, or belongs to another run');
  const body = bytes.subarray(0, bytes.length - DIGEST);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + jsonLength > body.length) throw new CorruptCheckpoint(`header length ${jsonLength} runs past the end`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength)));
  } catch (err) {
    throw new CorruptCheckpoint(`unreadable header (${(err as Error).message})`);
  }
  const header = fail(() => checkHeader(parsed, id));
  // Resuming would finish the run with other arithmetic than it started with: a mix of two versions.
  if (header.numerics !== NUMERICS_VERSION)
    throw new OutdatedCheckpoint(
      `from numerics version ${header.numerics ?? LEGACY_NUMERICS} (this mlplab computes with version ${NUMERICS_VERSION})`,
    );
  // Likewise with other kernels: BLAS and wasm round differently, and a run's bits would depend
  // on where it was interrupted. The backend is not the run's identity, so the run restarts.
  const computedBy = header.kernels ?? LEGACY_KERNELS;
  if (kernels !== undefined && computedBy !== kernels)
    throw new OutdatedCheckpoint(`computed by the ${computedBy} kernels (this run trains with ${kernels}; resuming would mix the two)`);
  let offset = align4(MAGIC.length + 4 + jsonLength);
  const expected = offset + 4 * (STATE_GROUPS.flatMap((g) => header.lengths[g]).reduce((n, l) => n + l, 0) + header.order);
  if (body.length !== expected) throw new CorruptCheckpoint(`body is ${body.length} bytes, the header says ${expected}`);
  // Copy out of the file buffer: typed arrays need aligned, owned storage (and a Node Buffer's
  // slice() is a view into a shared pool, so copy explicitly).
  const take = (n: number): Uint8Array => {
    const part = new Uint8Array(4 * n);
    part.set(bytes.subarray(offset, offset + 4 * n));
    offset += 4 * n;
    return part;
  };
  const [params, optimizer, layers, best] = STATE_GROUPS.map((g) => header.lengths[g].map((n) => new Float32Array(take(n).buffer)));
  const state: TrainState = {
    id: header.id,
    ...(header.kernels === undefined ? {} : { kernels: header.kernels }),
    epoch: header.epoch,
    history: header.history,
    shuffle: header.shuffle,
    noise: header.noise,
    params,
    optimizer,
    layers,
    best,
    order: new Uint32Array(take(header.order).buffer),
  };
  fail(() => checkValues(state));
  return state;
}

function fail<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw new CorruptCheckpoint((err as Error).message);
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
