// The message for a dataset that no source could provide. It is the user's only guide at that
// point, so it lists every place looked in and every way to provide the files.

import { join } from 'node:path';
import { IDX_FILES, type BuiltinName, type DatasetEntry } from './datasets.js';
import { DataError } from './errors.js';

export function notFoundError(
  name: BuiltinName,
  entry: DatasetEntry,
  tried: readonly string[],
  cacheDir: string,
  download: string,
): DataError {
  const cache = join(cacheDir, name);
  const lines = [
    `dataset '${name}' not found.`,
    'Looked in:',
    ...(tried.length > 0 ? tried.map((t) => `  - ${t}`) : ['  - (no local directories)']),
    `Download: ${download}`,
    'Ways to provide it:',
    ...entry.install.map((cmd) => `  - install it: ${cmd}`),
    `  - put the four files (${IDX_FILES.join(', ')}; raw or .gz) in DIR or DIR/${name}`,
    '    and pass --data-dir DIR or set MLPLAB_DATA=DIR',
    `  - copy them into the cache: ${cache}`,
    `  - let mlplab download them into the cache (needs network access to ${entry.mirrors.join(' or ')})`,
  ];
  return new DataError(lines.join('\n'));
}
