// The line `run` and `report` both end with: where the README is, the report's entry point.
// (Its own file: run.ts must not load report.ts, which loads the plotting libraries.)

import { basename } from 'node:path';

/** `report: results/<experiment>/README.md`, from the files the report wrote. */
export function readmeLine(written: readonly string[]): string {
  return `report: ${written.find((f) => basename(f) === 'README.md') ?? written[0]}`;
}
