// CSV tables of numbers (csv-parse reads the text: quoting, line ends, a byte-order mark): a header
// row of column names, then one example per row. Every cell of a feature column must be a finite
// number; a problem is a DataError naming the file, the line and the column.

import { parse } from 'csv-parse/sync';
import { DataError } from './errors.js';

export interface CsvTable {
  /** The feature columns' names, in file order. */
  columns: string[];
  rows: number;
  /** rows × columns.length, row-major. */
  values: Float64Array;
  /** The `label` column's cells, when one was asked for. */
  labels?: string[];
  /** The line each row starts on (1-based, the header being line 1), for messages about a row. */
  lines: number[];
}

/** The index of the label column: by name, or by number counted from 0 (negative: from the end). */
function labelIndex(header: readonly string[], label: string | number, file: string): number {
  if (typeof label === 'string') {
    const at = header.indexOf(label);
    if (at < 0) throw new DataError(`${file}: line 1: no "${label}" column (columns: ${header.join(', ')})`);
    return at;
  }
  const at = label < 0 ? header.length + label : label;
  if (!Number.isInteger(at) || at < 0 || at >= header.length)
    throw new DataError(`${file}: line 1: no column ${label} (the header has ${header.length}, counted from 0)`);
  return at;
}

/** Parses CSV text; with `label`, that column (by name or index) is read as text, apart from the features. */
export function parseCsvTable(text: string, file: string, label?: string | number): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With info: true each record comes with where it was read (its typings do not say so).
    records = parse(text, { info: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    throw new DataError(`${file}: not readable as CSV (${(err as Error).message})`);
  }
  if (records.length === 0) throw new DataError(`${file}: empty, expected a header row and one row per example`);
  const header = records[0].record.map((h) => h.trim());
  const labelAt = label === undefined ? -1 : labelIndex(header, label, file);
  const columns = header.filter((_, j) => j !== labelAt);
  if (columns.length === 0) throw new DataError(`${file}: line 1: no feature columns`);
  const body = records.slice(1);
  if (body.length === 0) throw new DataError(`${file}: no rows after the header`);
  const values = new Float64Array(body.length * columns.length);
  const labels: string[] = [];
  const lines: number[] = [];
  body.forEach(({ record, info }, r) => {
    const line = info.lines;
    lines.push(line);
    if (record.length !== header.length)
      throw new DataError(`${file}: line ${line}: ${record.length} cells, the header has ${header.length} (ragged row)`);
    let k = r * columns.length;
    record.forEach((cell, j) => {
      if (j === labelAt) return void labels.push(cell.trim());
      const x = cell.trim() === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(x))
        throw new DataError(`${file}: line ${line}, column ${j + 1} (${header[j]}): "${cell}" is not a finite number`);
      values[k++] = x;
    });
  });
  return { columns, rows: body.length, values, lines, ...(label === undefined ? {} : { labels }) };
}
