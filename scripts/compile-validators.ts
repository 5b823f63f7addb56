// Build step (after tsc): compiles the JSON Schemas mlplab validates against into standalone
// validator modules, the same code ajv would build at run time:
//   schema/run.schema.json        → dist/src/run/run-file.validate.cjs
//   schema/experiment.schema.json → dist/src/config/experiment.validate.cjs
// Compiling a schema with ajv takes the main thread a noticeable moment (the experiment schema
// ~0.1 s, on every command that reads an experiment; the run schema before the first run file is
// read, while the workers wait). Loading the generated code takes ~10 ms.

import { writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { EXPERIMENT_VALIDATOR_OPTIONS } from '../src/config/validate.js';
import { SCHEMA } from '../src/config/schema.js';
import { RUN_VALIDATOR_OPTIONS, runSchemas } from '../src/run/run-schema.js';

// dist/scripts/ → dist/src/…
const runAjv = new Ajv2020.default({ ...RUN_VALIDATOR_OPTIONS, code: { source: true } });
const { experiment, run } = runSchemas();
runAjv.addSchema(experiment);
writeFileSync(new URL('../src/run/run-file.validate.cjs', import.meta.url), standaloneCode.default(runAjv, runAjv.compile(run)));

const experimentAjv = new Ajv2020.default({ ...EXPERIMENT_VALIDATOR_OPTIONS, code: { source: true } });
writeFileSync(
  new URL('../src/config/experiment.validate.cjs', import.meta.url),
  standaloneCode.default(experimentAjv, experimentAjv.compile(SCHEMA)),
);
