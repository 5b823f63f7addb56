// Check experiment data against schema/experiment.schema.json and report every problem at once,
// each with the file:line:col of the offending node (see place.ts) and the field's dotted path.

import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError, formatProblem, type ConfigProblem } from './errors.js';
import { describeError, describeMismatch, type Issue } from './messages.js';
import { pathFromPointer } from './path.js';
import type { Place } from './place.js';
import { branchFor, SCHEMA, type SchemaNode } from './schema.js';
import { NOOP_KEYWORD } from './identity.js';

/** verbose: errors carry the failing data and schema, which the messages quote. */
export const EXPERIMENT_VALIDATOR_OPTIONS = { allErrors: true, verbose: true, strict: true, keywords: [NOOP_KEYWORD] };
// ajv is CommonJS: under NodeNext the default import is module.exports, whose `.default` is the class.
const ajv = new Ajv2020.default(EXPERIMENT_VALIDATOR_OPTIONS);
// Made on first use: a worker thread imports this module (through model-file.ts) but never
// validates an experiment.
let validateRoot: ValidateFunction | undefined;

/**
 * The validator of the whole schema that `npm run build` generated (scripts/compile-validators.ts),
 * else one compiled now — the same code either way; loading it takes ~10 ms where compiling takes
 * ~0.1 s of every command that reads an experiment.
 */
function rootValidator(): ValidateFunction {
  if (validateRoot === undefined) {
    try {
      validateRoot = (createRequire(import.meta.url)('./experiment.validate.cjs') as { default: ValidateFunction }).default;
    } catch {
      validateRoot = ajv.compile(SCHEMA);
    }
  }
  return validateRoot;
}

// One validator per anyOf branch, compiled on first use; $defs ride along so local $refs resolve.
const branchValidators = new WeakMap<SchemaNode, ValidateFunction>();
function validatorFor(branch: SchemaNode): ValidateFunction {
  let validate = branchValidators.get(branch);
  if (!validate) {
    validate = ajv.compile({ ...branch, $defs: SCHEMA.$defs });
    branchValidators.set(branch, validate);
  }
  return validate;
}

const isChoice = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
const atOrUnder = (pointer: string, base: string): boolean => pointer === base || pointer.startsWith(`${base}/`);

/**
 * Human issues for `data` against `validate`. A failed anyOf arrives as the failures of every
 * branch followed by the anyOf error itself; that noise is replaced by the problems of the one
 * branch the value's type selects (checked again on its own), or by a single "must be X or Y".
 */
function issuesOf(validate: ValidateFunction, data: unknown): Issue[] {
  if (validate(data)) return [];
  const errors = [...(validate.errors ?? [])];
  // A wrong type makes the other keywords at that spot (e.g. enum) noise.
  const typeFailed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const issues: Issue[] = [];
  errors.forEach((e, index) => {
    // Branch errors precede their anyOf error (ajv reports it after trying every branch).
    const inBranch = errors.some((c, at) => at > index && isChoice(c) && atOrUnder(e.instancePath, c.instancePath));
    if (inBranch) return;
    // A failed if/then/else: the branch's own errors precede this one, which only says it failed.
    if (e.keyword === 'if') return;
    const path = pathFromPointer(e.instancePath, data);
    if (isChoice(e)) {
      const branches = e.schema as SchemaNode[];
      const branch = branchFor(branches, e.data);
      const inner = branch ? issuesOf(validatorFor(branch), e.data) : [];
      if (!branch) issues.push(describeMismatch(branches, e.data, path));
      // Never let a failure vanish, even if the branch alone should somehow pass.
      else if (inner.length === 0) issues.push(describeError(e, path));
      for (const issue of inner) {
        issues.push({ ...issue, path: [...path, ...issue.path], node: [...path, ...issue.node] });
      }
    } else if (e.keyword === 'type' || !typeFailed.has(e.instancePath)) {
      issues.push(describeError(e, path));
    }
  });
  return issues;
}

/** Every way `data` breaks the schema, as human issues (no positions yet). */
export function schemaIssues(data: unknown): Issue[] {
  return issuesOf(rootValidator(), data);
}

/** Issues placed at the file, line and column that wrote each node. */
export function placeIssues(issues: readonly Issue[], place: Place): ConfigProblem[] {
  return issues.map((issue) => ({ ...place(issue.node, issue.at), path: issue.path, message: issue.message }));
}

/** Throw a ConfigError listing `problems` once each, in file order; return if there are none. */
export function raise(problems: readonly ConfigProblem[]): void {
  if (problems.length === 0) return;
  const seen = new Set<string>();
  const distinct = problems.filter((p) => !seen.has(formatProblem(p)) && seen.add(formatProblem(p)) !== undefined);
  throw new ConfigError(distinct.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col));
}
