// Build step (after tsc): compiles schema/run.schema.json into a standalone validator module,
// dist/src/run/run-file.validate.cjs. Compiling the schema with ajv takes the main thread a
// noticeable moment before the first run file can be read, and `mlplab run` reads the store before
// its workers start; the generated code is the same validator ajv would build at run time.

import { writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { RUN_VALIDATOR_OPTIONS, runSchemas } from '../src/run/run-schema.js';

const ajv = new Ajv2020.default({ ...RUN_VALIDATOR_OPTIONS, code: { source: true } });
const { experiment, run } = runSchemas();
ajv.addSchema(experiment);
const validate = ajv.compile(run);
const out = new URL('../src/run/run-file.validate.cjs', import.meta.url); // dist/scripts/ → dist/src/run/
writeFileSync(out, standaloneCode.default(ajv, validate));
