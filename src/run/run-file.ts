// One stored run file, checked before anything reads it: valid JSON, valid against
// schema/run.schema.json, named after its id, and its id the hash of its spec. The store is a cache
// that people can edit, copy or half-restore; a file that fails is a cache miss with a name, never
// a crash deep inside the report.

import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { legacyRunId, runId } from '../config/id.js';
import { withNoopDefaults } from '../config/identity.js';
import { formatPath, pathFromPointer } from '../config/path.js';
import type { RunResult } from '../types.js';
import { RUN_VALIDATOR_OPTIONS, runSchemas } from './run-schema.js';

let validator: ValidateFunction<RunResult> | undefined;

/**
 * The validator `npm run build` generated (scripts/compile-validators.ts), else one compiled now —
 * the same code either way. Made when the first run file is read, not when this module loads.
 */
function runValidator(): ValidateFunction<RunResult> {
  if (validator === undefined) {
    try {
      const generated = createRequire(import.meta.url)('./run-file.validate.cjs') as { default: ValidateFunction<RunResult> };
      validator = generated.default;
    } catch {
      // As config/validate.ts: ajv's default import is module.exports, whose `.default` is the class.
      const ajv = new Ajv2020.default(RUN_VALIDATOR_OPTIONS);
      const { experiment, run } = runSchemas();
      ajv.addSchema(experiment);
      validator = ajv.compile<RunResult>(run);
    }
  }
  return validator;
}

/** A run file that cannot be used; the message says what is wrong, where in the file. */
export class InvalidRunFile extends Error {
  override name = 'InvalidRunFile';
}

/**
 * The run stored as `text` in the file `<id>.json`, with its spec complete and its id today's;
 * throws InvalidRunFile saying what is wrong.
 */
export function parseRunFile(text: string, fileId: string): RunResult {
  if (text.trim() === '') throw new InvalidRunFile('the file is empty');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvalidRunFile(`not JSON: ${(err as Error).message}`);
  }
  const validateRun = runValidator();
  if (!validateRun(data)) throw new InvalidRunFile(describe(validateRun.errors ?? [], data));
  if (data.id !== fileId) throw new InvalidRunFile(`id: "${data.id}" is not the file's name`);
  // Options added after the file was written read as their no-op default (config/identity.ts).
  const spec = withNoopDefaults(data.spec);
  const id = runId(spec);
  if (id === data.id) return { ...data, spec };
  // mlplab 0.1 named a run after its whole spec; such a file is the same run under today's id
  // (and stale: its numerics version is 1, see train/numerics.ts).
  if (data.env.numerics === undefined && legacyRunId(data.spec) === data.id) return { ...data, id, spec };
  throw new InvalidRunFile(`spec: its hash is ${id}, not the id ${data.id} (the spec was edited)`);
}

/**
 * The most telling problem, as `<field>: <what is wrong>`: a missing `spec` before the "a done run
 * needs best_epoch" of the schema's if/then, and inside an anyOf the branch's own complaint rather
 * than "must be null" from the branch that does not apply.
 */
function describe(errors: readonly ErrorObject[], data: unknown): string {
  const telling = errors.filter(
    (e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.schemaPath.includes('/anyOf/')),
  );
  const e = telling.find((x) => !x.schemaPath.startsWith('#/then')) ?? telling[0] ?? errors[0];
  if (e === undefined) return 'does not match schema/run.schema.json';
  const at = formatPath(pathFromPointer(e.instancePath, data));
  const params = e.params as Record<string, unknown>;
  const problem =
    e.keyword === 'required'
      ? `missing field "${String(params.missingProperty)}"`
      : e.keyword === 'additionalProperties'
        ? `unknown field "${String(params.additionalProperty)}"`
        : (e.message ?? 'invalid');
  return at === '' ? problem : `${at}: ${problem}`;
}
