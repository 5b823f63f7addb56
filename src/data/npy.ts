// The NumPy .npy format (numpy.lib.format), versions 1–3, for the arrays a dataset is made of:
//   6 bytes   magic "\x93NUMPY", then 1 byte major and 1 byte minor version
//   2 bytes   (v1) or 4 bytes (v2, v3) little-endian: the header's length
//   header    a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }
//   data      the values, C order (row-major) unless fortran_order
// Read here: float32, float64 and uint8 (either byte order for floats), and for labels the
// integer types numpy saves by default (int64 …), C order. Every problem is a DataError naming the
// file and the byte offset where it is.

import { DataError } from './errors.js';

export type NpyData = Float32Array | Float64Array | Uint8Array;

export interface NpyArray {
  shape: number[];
  data: NpyData;
  /** Where the data starts in the file, and the bytes per value: element i is at offset + i·itemSize. */
  offset: number;
  itemSize: number;
  /** The element type as the header spells it ('<f4', '|u1', '<i8' …), and where the header starts. */
  descr: string;
  header: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The element types read, by descr: bytes per value and how to read one. */
const DTYPES: Record<string, { size: number; make: (n: number) => NpyData; get: (v: DataView, at: number) => number }> = {
  '<f4': { size: 4, make: (n) => new Float32Array(n), get: (v, at) => v.getFloat32(at, true) },
  '>f4': { size: 4, make: (n) => new Float32Array(n), get: (v, at) => v.getFloat32(at, false) },
  '<f8': { size: 8, make: (n) => new Float64Array(n), get: (v, at) => v.getFloat64(at, true) },
  '>f8': { size: 8, make: (n) => new Float64Array(n), get: (v, at) => v.getFloat64(at, false) },
  '|u1': { size: 1, make: (n) => new Uint8Array(n), get: (v, at) => v.getUint8(at) },
  // Integers (class labels): read into float64, exact up to 2^53, far beyond any class index.
  '|i1': { size: 1, make: (n) => new Float64Array(n), get: (v, at) => v.getInt8(at) },
  '<i2': { size: 2, make: (n) => new Float64Array(n), get: (v, at) => v.getInt16(at, true) },
  '<u2': { size: 2, make: (n) => new Float64Array(n), get: (v, at) => v.getUint16(at, true) },
  '<i4': { size: 4, make: (n) => new Float64Array(n), get: (v, at) => v.getInt32(at, true) },
  '<u4': { size: 4, make: (n) => new Float64Array(n), get: (v, at) => v.getUint32(at, true) },
  '<i8': { size: 8, make: (n) => new Float64Array(n), get: (v, at) => Number(v.getBigInt64(at, true)) },
  '<u8': { size: 8, make: (n) => new Float64Array(n), get: (v, at) => Number(v.getBigUint64(at, true)) },
};

const INTEGERS = new Set(['|i1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8']);

/** Parses .npy bytes; `file` names the source in errors. Integer dtypes only with `integers` (labels). */
export function parseNpy(bytes: Uint8Array, file: string, opts: { integers?: boolean } = {}): NpyArray {
  const fail = (at: number, what: string): never => {
    throw new DataError(`${file}: byte ${at}: ${what}`);
  };
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) fail(0, 'not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6];
  if (major < 1 || major > 3) fail(6, `unsupported .npy version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail(8, 'truncated before the header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  if (bytes.length < start + headerLength) fail(start, `truncated: the header needs ${headerLength} bytes, ${bytes.length - start} left`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? fail(start, `header has no 'descr': ${header.trim()}`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1] ?? fail(start, "header has no 'fortran_order'");
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail(start, "header has no 'shape'");
  const key = descr === '<u1' ? '|u1' : descr === '<i1' ? '|i1' : descr;
  const dtype =
    (INTEGERS.has(key) && opts.integers !== true ? undefined : DTYPES[key]) ??
    fail(start, `unsupported dtype '${descr}' (read: float32, float64, uint8${opts.integers ? ', integers' : ''})`);
  if (fortran === 'True') fail(start, 'Fortran (column-major) order is not read: save it with numpy.ascontiguousarray');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : fail(start, `shape (${shapeText}) is not a tuple of sizes`)));
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLength;
  const expected = count * dtype.size;
  if (bytes.length - dataStart !== expected) {
    const problem = bytes.length - dataStart < expected ? 'truncated' : 'trailing bytes';
    fail(
      dataStart,
      `${problem}: shape (${shape.join(', ')}) of '${descr}' needs ${expected} bytes of data, the file has ${bytes.length - dataStart}`,
    );
  }
  const data = dtype.make(count);
  for (let i = 0; i < count; i++) data[i] = dtype.get(view, dataStart + i * dtype.size);
  return { shape, data, offset: dataStart, itemSize: dtype.size, descr, header: start };
}
