// Reading an experiment file: text → YAML document → plain data, keeping every node's position.
// Anything YAML itself rejects (bad syntax, duplicate keys, unknown tags, dangling aliases) is a
// ConfigError here, so later stages only ever see well-formed data.

import { readFileSync } from 'node:fs';
import { isAlias, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ConfigError, type ConfigProblem } from './errors.js';
import { makeLocator, pathAt, type Locate } from './locate.js';

export interface ParsedYaml {
  file: string;
  source: string;
  /** The document as plain JSON-like data. */
  data: unknown;
  locate: Locate;
}

/** Read and parse `file`; the file name is kept as given, since messages show it to the user. */
export function loadYaml(file: string): ParsedYaml {
  const text = readText(file);
  if (typeof text !== 'string') {
    throw new ConfigError([{ file, line: 0, col: 0, path: [], message: `cannot read the experiment file: ${text.reason}` }]);
  }
  return parseYaml(text, file);
}

/** The text of `file`, or why it cannot be read, in a user's words. */
export function readText(file: string): string | { reason: string } {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    return { reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message };
  }
}

export function parseYaml(source: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  // prettyErrors off: we format positions ourselves and want the bare message.
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problemAt = (offset: number, message: string, path: ConfigProblem['path'] = []): ConfigProblem => {
    const { line, col } = lines.linePos(offset);
    return { file, line, col, path, message };
  };

  // Warnings too: an unresolved tag would otherwise quietly turn a value into a string.
  const problems = [...doc.errors, ...doc.warnings].map((e: YAMLError) =>
    e.code === 'DUPLICATE_KEY'
      ? problemAt(e.pos[0], 'duplicate key (each key may appear once per mapping)', pathAt(doc, e.pos[0]))
      : problemAt(e.pos[0], `invalid YAML: ${e.message}`),
  );
  problems.push(...danglingAliases(doc).map((a) => problemAt(a.offset, `invalid YAML: unknown alias *${a.name}`)));
  if (problems.length > 0) throw new ConfigError(problems.sort((a, b) => a.line - b.line || a.col - b.col));

  let data: unknown;
  try {
    data = doc.toJS(); // throws only on alias bombs (too many alias expansions)
  } catch (err) {
    throw new ConfigError([problemAt(0, `invalid YAML: ${(err as Error).message}`)]);
  }
  return { file, source, data, locate: makeLocator(doc, lines) };
}

/** Aliases with no anchor before them: the parser accepts them, but toJS would throw without a position. */
function danglingAliases(doc: Document): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(doc) === undefined) {
        found.push({ name: node.source, offset: node.range?.[0] ?? 0 });
      }
    },
  });
  return found;
}
