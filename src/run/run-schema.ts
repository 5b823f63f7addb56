// The run-file schema and the ajv options it is compiled with, shared by the validator that
// `npm run build` generates (scripts/compile-validators.ts) and the one compiled at run time when
// that file is missing (run-file.ts), so the two cannot differ.

import { readFileSync } from 'node:fs';
import { NOOP_KEYWORD } from '../config/identity.js';
import { SCHEMA } from '../config/schema.js';

// Compiled code sits in dist/src/run/, the schema in <root>/schema/ (shipped beside dist/).
const RUN_SCHEMA_URL = new URL('../../../schema/run.schema.json', import.meta.url);

export const RUN_VALIDATOR_OPTIONS = { allErrors: true, strict: true, keywords: [NOOP_KEYWORD] };

/** The run schema, and the experiment schema it refers to for names and layers. */
export function runSchemas(): { experiment: object; run: object } {
  return { experiment: SCHEMA, run: JSON.parse(readFileSync(RUN_SCHEMA_URL, 'utf8')) as object };
}
