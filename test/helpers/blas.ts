// The system BLAS for the BLAS tests, or why it is missing: those tests are skipped with that
// reason on a machine without koffi or OpenBLAS, but required in CI (CI=true), where .ci/run
// installs libopenblas0-pthread — there a missing BLAS fails them, as html-browser.test.ts does
// for Chromium.

import { BlasUnavailable, loadBlas } from '../../src/blas/load.js';
import type { Blas } from '../../src/nn/kernels/blas-kernels.js';

function tryLoad(): { blas?: Blas; missing?: string } {
  try {
    return { blas: loadBlas(process.env) };
  } catch (err) {
    if (!(err instanceof BlasUnavailable)) throw err;
    return { missing: err.message };
  }
}

const found = tryLoad();

/** The test option `skip`: false where BLAS loads or in CI, else the reason. */
export const blasSkip: string | false =
  found.blas !== undefined || process.env.CI === 'true' ? false : `no BLAS here (${found.missing}); CI requires it`;

/** The BLAS, in a test that was not skipped (in CI without one, this fails the test with the reason). */
export function systemBlas(): Blas {
  if (found.blas === undefined) throw new Error(`the BLAS tests need a BLAS: ${found.missing}`);
  return found.blas;
}
