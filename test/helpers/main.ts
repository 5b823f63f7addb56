// The command line in this process: main() with streams that collect what would reach the
// terminal. For tests of exit codes and messages; those that need a real process (signals,
// devices, Node's own warnings, the working directory) spawn bin/mlplab.js (test/helpers/spawn.ts).

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/**
 * `mlplab <args>` as main() runs it: its exit code and output. Relative paths are the test
 * process's, so tests pass absolute ones. `env` is added to an environment without MLPLAB_DATA
 * whose cache directory (downloads, checksums.json) is a temporary one, not the user's.
 */
export async function mlplabMain(
  args: string[],
  opts: { env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const env = { ...process.env, MLPLAB_DATA: '', XDG_CACHE_HOME: join(tmpdir(), 'mlplab-test-cache'), ...opts.env };
  // The dataset cache is found through this process's environment (data/locate.ts).
  process.env.XDG_CACHE_HOME = env.XDG_CACHE_HOME;
  const io: Io = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from([]),
    env,
    onInterrupt: () => () => undefined,
    exit: (code) => {
      throw new Error(`main() tried to exit the test process with code ${code}`);
    },
    silenceWarnings: () => undefined,
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
