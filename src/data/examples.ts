// Examples to run a trained network on, from a file: IDX (gzipped or not; count × rows × cols
// images or count × features), NumPy .npy (float32, float64 or uint8, C order, 2-D or 3-D), or CSV
// (a header row, numeric features). The format is told by the file's name. Values are on the
// scale of the training data (pixel values 0–255 for the image datasets).

import { readFile } from 'node:fs/promises';
import { parseCsvTable } from './csv.js';
import { DataError } from './errors.js';
import { parseIdx, readDecompressed } from './idx.js';
import { parseNpy, type NpyData } from './npy.js';

export interface Examples {
  count: number;
  /** Values per example. */
  width: number;
  /** count × width, row-major. */
  values: NpyData | Float64Array;
}

export const EXAMPLE_FORMATS = '.idx, .idx.gz or *-ubyte[.gz] (IDX), .npy, .csv';

/** The examples in `path`; a file of another kind or shape is a DataError naming it. */
export async function readExamples(path: string): Promise<Examples> {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) {
    const table = parseCsvTable(await readText(path), path);
    return { count: table.rows, width: table.columns.length, values: table.values };
  }
  const isNpy = name.endsWith('.npy');
  if (!isNpy && !name.endsWith('.idx') && !name.endsWith('ubyte')) fail(path, `unknown kind of file; read: ${EXAMPLE_FORMATS}`);
  const bytes = await readDecompressed(path);
  const { dims, data: values } = isNpy ? (({ shape, data }) => ({ dims: shape, data }))(parseNpy(bytes, path)) : parseIdx(bytes, path);
  if (dims.length !== 2 && dims.length !== 3)
    fail(path, `has shape (${dims.join(', ')}): expected examples × features (2-D) or examples × rows × cols (3-D)`);
  const [count, ...rest] = dims;
  return { count, width: rest.reduce((a, b) => a * b, 1), values };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError(`${path}: cannot read (${(err as Error).message})`);
  }
}

function fail(path: string, what: string): never {
  throw new DataError(`${path}: ${what}`);
}
