// The safetensors format (https://huggingface.co/docs/safetensors), which PyTorch and Hugging Face
// read, for float32 tensors only:
//   8 bytes   N, the header's length, an unsigned little-endian 64-bit integer
//   N bytes   a JSON object: per tensor name {dtype: "F32", shape: [...], data_offsets: [begin, end]},
//             offsets in bytes from the start of the data section; plus "__metadata__", a map of
//             strings to strings. Padded with spaces so that the data starts 8-byte aligned.
//   the data  every tensor's values, little-endian, one after another
// decode checks everything a damaged or foreign file can get wrong and says which, so that no
// caller ever indexes past the data or reads a tensor of the wrong length.

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

export interface SafeTensors {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** What is wrong with a file that is not valid safetensors (the caller names the file). */
export class SafeTensorsError extends Error {
  override readonly name = 'SafeTensorsError';
}

const ALIGN = 8;
/** A header larger than this is no model file of ours, and not worth allocating (100 MB, as the Rust reader limits it). */
const MAX_HEADER = 100_000_000;

/** The file's bytes: tensors in the order given, the header's keys in that order too. */
export function encodeSafeTensors(tensors: readonly (readonly [string, Tensor])[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    if (shape.reduce((a, b) => a * b, 1) !== data.length)
      throw new RangeError(`tensor ${name}: shape ${shape} does not hold ${data.length} values`);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + 4 * data.length] };
    offset += 4 * data.length;
  }
  let json = JSON.stringify(header);
  const length = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((ALIGN - ((8 + length) % ALIGN)) % ALIGN);
  const head = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const [, { data }] of tensors) {
    for (let i = 0; i < data.length; i++, at += 4) view.setFloat32(at, data[i], true);
  }
  return out;
}

/** The tensors and metadata of a safetensors file; SafeTensorsError says what is wrong with it. */
export function decodeSafeTensors(bytes: Uint8Array): SafeTensors {
  const fail = (what: string): never => {
    throw new SafeTensorsError(what);
  };
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8)))
    fail(`truncated or not safetensors: the header length says ${n} bytes, the file has ${bytes.length - 8} after it`);
  const headerEnd = 8 + Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (err) {
    fail(`its header is not valid JSON (${(err as Error).message})`);
  }
  if (!isRecord(header)) return fail('its header is not a JSON object');
  const dataLength = bytes.length - headerEnd;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, Tensor>();
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(entry) || !Object.values(entry).every((v) => typeof v === 'string')) fail('its __metadata__ is not a map of strings');
      Object.assign(metadata, entry);
      continue;
    }
    if (!isRecord(entry)) return fail(`tensor "${name}" is not described by an object`);
    const { dtype, shape, data_offsets } = entry;
    if (dtype !== 'F32') fail(`tensor "${name}" has dtype ${JSON.stringify(dtype)}; only F32 is read`);
    if (!isIntList(shape)) return fail(`tensor "${name}" has no valid shape (a list of non-negative integers)`);
    if (!isIntList(data_offsets) || data_offsets.length !== 2) return fail(`tensor "${name}" has no valid data_offsets [begin, end]`);
    const [begin, end] = data_offsets;
    if (begin > end || end > dataLength)
      fail(`tensor "${name}" has data_offsets [${begin}, ${end}] outside the ${dataLength} bytes of data (truncated file?)`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== 4 * count) fail(`tensor "${name}": shape [${shape}] needs ${4 * count} bytes, its offsets span ${end - begin}`);
    spans.push([begin, end, name]);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(headerEnd + begin + 4 * i, true);
    tensors.set(name, { shape, data });
  }
  // The format requires the tensors to tile the data section exactly: no overlap, no hole.
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== at) fail(`tensor "${name}" starts at byte ${begin} of the data, expected ${at} (overlap or gap)`);
    at = end;
  }
  if (at !== dataLength) fail(`${dataLength - at} bytes of data after the last tensor`);
  return { tensors, metadata };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function isIntList(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((v) => Number.isSafeInteger(v) && v >= 0);
}
