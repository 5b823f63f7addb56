// `extends: base.yaml` — an experiment file built on another. The chain is followed from the
// user's file to the deepest base, then merged back up: mappings merge key by key, anything else
// (lists included) is replaced whole, so a file that writes `model.layers` states the full stack.

import { dirname, isAbsolute, join, resolve } from 'node:path';
import { deepMerge, isMapping } from './access.js';
import { SCHEMA } from './schema.js';
import { ConfigError } from './errors.js';
import { parseYaml, type ParsedYaml } from './load.js';
import { show } from './messages.js';
import type { FileOrigin, Where } from './place.js';
import { readText } from './read.js';

export interface Composed {
  /** The merged experiment, without `extends`. */
  data: unknown;
  /** The user's file first, then its base, and so on. */
  files: FileOrigin[];
  /** The text of each file of `files`, in the same order. */
  sources: { file: string; source: string }[];
}

function fail(where: Where, message: string): never {
  throw new ConfigError([{ ...where, path: ['extends'], message }]);
}

/** The file `extends` names, relative to the file that says it (as users expect of a path in a file). */
function baseOf(file: string, extendsPath: string): string {
  return isAbsolute(extendsPath) ? extendsPath : join(dirname(file), extendsPath);
}

export function compose(root: ParsedYaml): Composed {
  const chain: ParsedYaml[] = [root];
  for (let current = root; isMapping(current.data) && Object.hasOwn(current.data, 'extends'); ) {
    const value = current.data.extends;
    const at: Where = { file: current.file, ...current.positionOf(['extends']) };
    if (typeof value !== 'string' || value === '') fail(at, `must be the path of a base file, got ${show(value)}`);
    const file = baseOf(current.file, value);
    if (chain.some((p) => resolve(p.file) === resolve(file))) {
      const cycle = [...chain.map((p) => p.file), file].join(' → ');
      fail(at, `makes a cycle: ${cycle}`);
    }
    const text = readText(file);
    if (typeof text !== 'string') fail(at, `cannot read the base file ${file}: ${text.reason}`);
    const base = parseYaml(text, file);
    if (!isMapping(base.data)) {
      throw new ConfigError([
        { file, ...base.positionOf([]), path: [], message: `a base file must hold a mapping of fields, got ${show(base.data)}` },
      ]);
    }
    chain.push(base);
    current = base;
  }
  // Merged from the deepest base up, so each file overrides the ones it extends.
  let data: unknown;
  for (const parsed of [...chain].reverse()) {
    const own = isMapping(parsed.data) ? withoutExtends(parsed.data) : parsed.data;
    data = data === undefined ? own : deepMerge(data, own, SCHEMA);
  }
  return {
    data,
    files: chain.map(({ file, data: written, positionOf }) => ({ file, data: written, positionOf })),
    sources: chain.map(({ file, source }) => ({ file, source })),
  };
}

function withoutExtends(data: Record<string, unknown>): Record<string, unknown> {
  const { extends: _extends, ...rest } = data;
  return rest;
}
