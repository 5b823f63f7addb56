// Reading an experiment file: text → YAML document → plain data, keeping every node's position.
// Anything YAML itself rejects (bad syntax, duplicate keys, unknown tags, dangling aliases) is a
// ConfigError here, so later stages only ever see well-formed data.

import { isAlias, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ConfigError, type ConfigProblem } from './errors.js';
import { pathAt, positionFinder, type PositionOf } from './positions.js';
import { clipForeign } from './quote.js';
import { readText } from './read.js';

export interface ParsedYaml {
  file: string;
  source: string;
  /** The document as plain JSON-like data. */
  data: unknown;
  positionOf: PositionOf;
}

/** Read and parse `file`; the file name is kept as given, since messages show it to the user. */
export function loadYaml(file: string): ParsedYaml {
  const text = readText(file);
  if (typeof text !== 'string') {
    const { line = 0, col = 0, reason } = text;
    throw new ConfigError([{ file, line, col, path: [], message: `cannot read the experiment file: ${reason}` }]);
  }
  return parseYaml(text, file);
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
      : problemAt(e.pos[0], `invalid YAML: ${clipForeign(e.message)}`),
  );
  problems.push(...danglingAliases(doc).map((a) => problemAt(a.offset, `invalid YAML: unknown alias *${a.name}`)));
  if (problems.length > 0) throw new ConfigError(problems.sort((a, b) => a.line - b.line || a.col - b.col));
  // Said in words: the schema would report an empty document as `got null`.
  if (doc.contents === null)
    throw new ConfigError([problemAt(0, source.trim() === '' ? 'the file is empty' : 'the file holds no fields (only comments)')]);

  let data: unknown;
  try {
    data = doc.toJS(); // throws only on alias bombs (too many alias expansions)
  } catch (err) {
    throw new ConfigError([problemAt(0, `invalid YAML: ${(err as Error).message}`)]);
  }
  return { file, source, data, positionOf: positionFinder(doc, lines) };
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
