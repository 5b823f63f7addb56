// Running the real binary, for the few tests that check exit codes and what reaches the terminal.

import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/helpers/: the launcher is three levels up, in bin/.
const BIN = fileURLToPath(new URL('../../../bin/mlplab.js', import.meta.url));

/** `env` is added to the environment; after `timeout` ms the process is killed (SIGKILL: a process
 *  blocked in a read may never handle SIGTERM) and code is null. */
export function mlplab(
  args: string[],
  cwd: string,
  opts: { env?: Record<string, string>; timeout?: number } = {},
): { code: number | null; stdout: string; stderr: string } {
  // The cache directory (downloads, checksums.json) is a temporary one, not the user's.
  const env = { ...process.env, MLPLAB_DATA: '', XDG_CACHE_HOME: join(tmpdir(), 'mlplab-test-cache'), ...opts.env };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, timeout: opts.timeout, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
