#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
import('../dist/src/cli.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`mlplab: internal error: ${err?.stack ? err.stack : err}`);
      process.exitCode = 70;
    },
  );
