// ajv's error objects → one human sentence each, in the words of a YAML user ("a mapping", "a
// list"), with the offending value quoted. Which node the sentence points at is decided here too:
// an unknown key points at the key, a missing one at the mapping that lacks it.

import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FieldPath } from './path.js';
import { quote } from './quote.js';
import { properties, resolve, typesOf, type SchemaNode } from './schema.js';
import { suggest } from './suggest.js';

export interface Issue {
  /** The field the message names. */
  path: FieldPath;
  /** The YAML node to point at, and whether at its key or its value. */
  node: FieldPath;
  at: 'key' | 'value';
  message: string;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  null: 'empty',
  boolean: 'true or false',
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
};

/** How a value reads in a message: strings quoted (and cut short), collections by kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

function orList(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const typeWords = (types: string[]): string => orList(types.map((t) => TYPE_WORDS[t] ?? t));

/** What one anyOf branch accepts, e.g. `a layer name (linear, relu)` or `a list`. */
function describeBranch(branch: SchemaNode): string {
  const node = resolve(branch);
  // A name the user may also choose (a dataset declared under datasets:) has examples, not an enum.
  if (!Array.isArray(node.enum) && Array.isArray(node.examples) && typeof node.title === 'string')
    return `a ${node.title} name (${node.examples.map(String).join(', ')}, …)`;
  if (!Array.isArray(node.enum)) return typeWords(typesOf(node));
  const names = node.enum.map(String).join(', ');
  return typeof node.title === 'string' ? `a ${node.title} name (${names})` : `one of ${names}`;
}

/** The value's type fits none of an anyOf's branches. */
export function describeMismatch(branches: SchemaNode[], value: unknown, path: FieldPath): Issue {
  const message = `must be ${orList(branches.map(describeBranch))}, got ${show(value)}`;
  return { path, node: path, at: 'value', message };
}

const COMPARISONS: Readonly<Record<string, string>> = {
  minimum: '≥',
  exclusiveMinimum: '>',
  maximum: '≤',
  exclusiveMaximum: '<',
};

export function describeError(e: ErrorObject, path: FieldPath): Issue {
  const params = e.params as Record<string, unknown>;
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  const title = typeof schema.title === 'string' ? schema.title : undefined;
  const value: unknown = e.data;
  const here = (message: string): Issue => ({ path, node: path, at: 'value', message });
  const known = (): string => Object.keys(properties(schema)).join(', ');

  switch (e.keyword) {
    case 'type':
      if (path.length === 0) return here(`the file must hold a mapping (${known()}), got ${show(value)}`);
      return here(`must be ${typeWords(String(params.type).split(','))}, got ${show(value)}`);
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return here(`must be ${COMPARISONS[e.keyword]} ${String(params.limit)}, got ${show(value)}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      if (title) return here(`unknown ${title} ${show(value)} (known: ${allowed})`);
      return here(`must be one of ${allowed}, got ${show(value)}`);
    }
    case 'required': {
      // Nothing to point at but the mapping that lacks the field.
      const field = String(params.missingProperty);
      return { path: [...path, field], node: path, at: 'value', message: 'missing required field' };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      // In a one-key mapping ({ relu: … }, { sgd: … }) the key is a name, not a field.
      if (title && schema.maxProperties === 1) {
        const message = `unknown ${title} ${quote(key)} (known: ${known()})`;
        return { path, node: [...path, key], at: 'key', message };
      }
      const guess = suggest(key, Object.keys(properties(schema)));
      const hint = guess ? `did you mean "${guess}"?` : known() ? `known: ${known()}` : 'nothing is allowed here';
      return { path: [...path, key], node: [...path, key], at: 'key', message: `unknown field (${hint})` };
    }
    case 'minProperties':
      return here(`must name one ${title ?? 'option'}: ${known()}`);
    case 'maxProperties': {
      const keys = Object.keys(value as object);
      return here(`must have exactly one key (the ${title ?? 'option'} name), got ${keys.length}: ${keys.join(', ')}`);
    }
    case 'minItems': {
      const limit = Number(params.limit);
      return here(`must have at least ${limit} item${limit === 1 ? '' : 's'}, got ${(value as unknown[]).length}`);
    }
    case 'maxItems': {
      const limit = Number(params.limit);
      return here(`must have at most ${limit} item${limit === 1 ? '' : 's'}, got ${(value as unknown[]).length}`);
    }
    case 'dependentRequired': {
      // Point at the key that is there, since the missing one has no place in the file yet.
      const [field, missing] = [String(params.property), String(params.missingProperty)];
      return { path: [...path, field], node: [...path, field], at: 'key', message: `needs "${missing}" beside it` };
    }
    case 'uniqueItems':
      return here(`lists ${show((value as unknown[])[Number(params.i)])} twice`);
    case 'pattern':
      return here(`must match ${String(params.pattern)}, got ${show(value)}`);
    case 'maxLength':
      return here(`must be at most ${String(params.limit)} characters, got ${(value as string).length}`);
    default:
      return here(e.message ?? 'is invalid');
  }
}
