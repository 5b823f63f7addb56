// `--set path=value` from the command line: applied to the composed experiment before it is
// validated, so a value is typed by the schema like one written in the file. The value is YAML
// (`3` is a number, `[{linear: 32}, relu, linear]` a layer list). A --set wins over the sweep
// too: setting a swept field pins it, and its sweep axis goes away.

import { parseDocument } from 'yaml';
import { isMapping, setAt, type Mapping } from './access.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { parsePath, startsWith, type FieldPath } from './path.js';
import { unknownPath } from './schema-path.js';
import type { SetOrigin } from './place.js';
import { quote } from './quote.js';
import { desugarLayerAt } from './shorthand.js';
import { RESERVED, sweptPaths } from './sweep.js';

export interface Override extends SetOrigin {
  value: unknown;
}

const EXAMPLE = 'e.g. --set train.epochs=3';

/** The field an argument's path names; `sweep.<path>` names a grid axis, whose key is a path itself. */
function targetOf(text: string): FieldPath | string {
  const inSweep = /^sweep\.(.+)$/.exec(text)?.[1];
  const axis = inSweep === undefined ? undefined : parsePath(inSweep);
  // `sweep.repeats` is a field of the sweep; `sweep.train.epochs` a grid axis, keyed by its path.
  if (inSweep !== undefined && !(RESERVED as readonly string[]).includes(String(axis?.[0]))) {
    if (axis === undefined) return `${quote(inSweep)} is not a field path (${EXAMPLE})`;
    return unknownPath(axis) ?? ['sweep', inSweep];
  }
  const path = parsePath(text);
  if (path === undefined) return `${quote(text)} is not a field path: dotted names, [i] for list items (${EXAMPLE})`;
  if (path[0] === 'extends') return 'extends is followed before --set applies; write it in the file';
  return unknownPath(path) ?? path;
}

/** One `--set` argument, parsed. Throws a ConfigError naming the argument. */
export function parseOverride(arg: string): Override {
  const label = `--set ${arg}`;
  const fail = (message: string, path: FieldPath = []): never => {
    throw new ConfigError([{ file: label, line: 0, col: 0, path, message }]);
  };
  const eq = arg.indexOf('=');
  if (eq < 0) fail(`expected path=value, ${EXAMPLE}`);
  const target = targetOf(arg.slice(0, eq));
  if (typeof target === 'string') return fail(target);
  const doc = parseDocument(arg.slice(eq + 1), { prettyErrors: false });
  if (doc.errors.length > 0) fail(`invalid YAML value: ${doc.errors[0].message}`, target);
  return { label, path: target, value: doc.toJS() as unknown };
}

/** `data` with every override applied in order; the problems are those a path made impossible. */
export function applyOverrides(data: unknown, overrides: readonly Override[]): { data: unknown; problems: ConfigProblem[] } {
  if (!isMapping(data) || overrides.length === 0) return { data, problems: [] };
  const out = structuredClone(data);
  const problems: ConfigProblem[] = [];
  for (const { label, path, value } of overrides) {
    const problem = (message: string): number => problems.push({ file: label, line: 0, col: 0, path, message });
    if (path[0] !== 'sweep') {
      const inside = sweptPaths(out.sweep).find((swept) => startsWith(path, swept.path) && swept.path.length < path.length);
      if (inside !== undefined) {
        problem(`lies inside ${inside.key}, which the sweep replaces in every run; change the sweep instead`);
        continue;
      }
      pin(out, path);
    }
    desugarLayerAt(out, path);
    const blocked = setAt(out, path, structuredClone(value));
    if (blocked !== undefined) problem(`cannot be set: ${blocked}`);
  }
  return { data: out, problems };
}

/** Drop every sweep axis at or under `path`: the --set value holds for every run. */
function pin(data: Mapping, path: FieldPath): void {
  const sweep = data.sweep;
  if (!isMapping(sweep)) return;
  for (const swept of sweptPaths(sweep)) {
    if (!startsWith(swept.path, path)) continue;
    delete swept.holder[swept.key];
  }
  const zip = sweep.zip;
  if (Array.isArray(zip)) {
    const groups = zip.filter((group) => !isMapping(group) || Object.keys(group).length > 0);
    if (groups.length > 0) sweep.zip = groups;
    else delete sweep.zip;
  }
  if (isMapping(sweep.random) && Object.keys(sweep.random).length === 0) {
    delete sweep.random;
    delete sweep.samples;
  }
}
