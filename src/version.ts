// mlplab's version and the machine facts recorded with every run.

import { readFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { NUMERICS_VERSION } from './train/numerics.js';

// Compiled to dist/src/version.js, so package.json is three levels up.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const VERSION: string = pkg.version;

/** The versions and machine recorded with every run (numerics: see train/numerics.ts). */
export function machine(): { mlplab: string; numerics: number; node: string; cpu: string; platform: string } {
  const cores = cpus();
  return {
    mlplab: VERSION,
    numerics: NUMERICS_VERSION,
    node: process.version,
    cpu: `${cores[0]?.model.trim() ?? 'unknown CPU'} (${cores.length} cores)`,
    platform: `${platform()}-${arch()}`,
  };
}
