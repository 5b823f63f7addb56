// The IDX format (http://yann.lecun.com/exdb/mnist/): a 4-byte big-endian magic number
// 0x0000TTNN, where TT is the element type (0x08 = unsigned byte, the only one MNIST-style
// datasets use) and NN the number of dimensions, then NN big-endian uint32 sizes, then the data,
// row-major. Labels are 1-D (magic 0x00000801), images 3-D (0x00000803: count × rows × cols).
//
// Files are often gzipped; we recognise gzip by its magic bytes (0x1f 0x8b), not by the file name,
// because servers and users rename files freely. Every structural check raises a DataError that
// names the file, so a truncated download is reported as such, not as NaN accuracy later.

import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createGunzip, gunzip as gunzipCb } from 'node:zlib';
import { DataError } from './errors.js';

const gunzipAsync = promisify(gunzipCb);
const UBYTE = 0x08;

export interface IdxArray {
  dims: number[];
  /** A view into the parsed bytes (not a copy). */
  data: Uint8Array;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const showDims = (dims: readonly number[]): string => dims.join('×');

/**
 * Decompress if gzipped (by magic bytes). The Error says what is wrong: a gzip stream that ends
 * early ("truncated gzip data", as an interrupted copy or download leaves it) or one whose bytes
 * do not decode ("corrupt gzip data").
 */
export async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw new Error(`${code === 'Z_BUF_ERROR' ? 'truncated' : 'corrupt'} gzip data (${message})`);
  }
}

/** As gunzipIfNeeded, but a failure is a DataError naming `file` and what to do about it. */
async function maybeGunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  try {
    return await gunzipIfNeeded(bytes);
  } catch (err) {
    throw new DataError(`${file}: ${(err as Error).message} — replace the file (re-download or reinstall the dataset)`);
  }
}

/** The decompressed bytes of a dataset file; an unreadable file or a bad gzip is a DataError naming it. */
export async function readDecompressed(path: string): Promise<Uint8Array> {
  return maybeGunzip(await readOrFail(path, readFile), path);
}

async function readOrFail(path: string, read: (path: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await read(path);
  } catch (err) {
    throw new DataError(`${path}: cannot read (${(err as Error).message})`);
  }
}

/**
 * Parse decompressed IDX bytes. With `rank`, also require that many dimensions (1 for labels,
 * 3 for images). `file` names the source in errors; `note` tells how the bytes were obtained.
 */
export function parseIdx(bytes: Uint8Array, file: string, rank?: number, note = ''): IdxArray {
  const fail = (what: string): never => {
    throw new DataError(`${file}: ${what}${note}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2];
  const ndims = bytes[3];
  const wanted = rank === undefined ? '0x000008NN' : hex((UBYTE << 8) | rank);
  if (bytes[0] !== 0 || bytes[1] !== 0 || type !== UBYTE || ndims === 0 || (rank !== undefined && ndims !== rank)) {
    fail(`not an IDX file of unsigned bytes: magic number ${hex(magic)}, expected ${wanted}`);
  }
  const header = 4 + 4 * ndims;
  if (bytes.length < header) {
    fail(`truncated: ${bytes.length} bytes, too short for a ${ndims}-dimensional IDX header (${header} bytes)`);
  }
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i));
  // At most 255 factors below 2^32 could exceed 2^53; the comparison below is still right then,
  // because such a product is far larger than any file.
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - header;
  if (actual !== expected) {
    const problem = actual < expected ? 'truncated' : 'trailing bytes';
    fail(`${problem}: header says ${showDims(dims)} = ${expected} bytes of data, file has ${actual}`);
  }
  // A plain Uint8Array, not a Buffer: Buffer's slice() shares memory where Uint8Array's copies.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, actual) };
}

/**
 * Reads and parses an IDX file (gzipped or not), with every structural check, and hashes its
 * decompressed bytes: the hash of exactly what is trained on, to compare with the registry's and
 * with the checksum in the run ids. With `shared`, an uncompressed file is read straight into a
 * SharedArrayBuffer, so the array it returns can go to workers without a copy.
 */
export async function readIdx(path: string, rank?: number, opts: { shared?: boolean } = {}): Promise<IdxArray & { sha256: string }> {
  const raw = await readOrFail(path, opts.shared === true ? readIntoShared : readFile);
  const gz = isGzip(raw);
  const bytes = (gz && opts.shared === true ? await gunzipIntoShared(raw) : undefined) ?? (await maybeGunzip(raw, path));
  const parsed = parseIdx(bytes, path, rank, gz ? ' (after gunzip)' : '');
  return { ...parsed, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Inflates a gzip file straight into a SharedArrayBuffer of the size its trailer gives (ISIZE),
 * instead of into a buffer that is then copied into shared memory: one large allocation and copy
 * fewer. Undefined whenever that size is not the inflated size (a file of several gzip members,
 * of 4 GiB or more, or damaged) or inflating fails: the caller inflates as usual, which reports
 * what is wrong with the file.
 */
async function gunzipIntoShared(gz: Uint8Array): Promise<Uint8Array | undefined> {
  if (gz.length < 18) return undefined; // not even a header and a trailer
  const size = new DataView(gz.buffer, gz.byteOffset + gz.length - 4, 4).getUint32(0, true);
  let out: Uint8Array;
  try {
    out = new Uint8Array(new SharedArrayBuffer(size));
  } catch {
    return undefined; // a damaged trailer asking for more memory than there is
  }
  let at = 0;
  const whole = await new Promise<boolean>((done) => {
    const inflate = createGunzip();
    inflate.on('data', (chunk: Buffer) => {
      if (at + chunk.length <= size) out.set(chunk, at);
      at += chunk.length;
    });
    inflate.on('end', () => done(at === size));
    inflate.on('error', () => done(false));
    inflate.end(gz);
  });
  return whole ? out : undefined;
}

/** The whole file in a new SharedArrayBuffer. */
async function readIntoShared(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const out = new Uint8Array(new SharedArrayBuffer(size));
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(out, done, size - done, done);
      if (bytesRead === 0) break; // the file shrank while being read: parseIdx reports the truncation
      done += bytesRead;
    }
    return out.subarray(0, done);
  } finally {
    await handle.close();
  }
}
