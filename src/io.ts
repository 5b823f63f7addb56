// What the command line needs of its process, handed to main() as one object: the real process
// from bin/mlplab.js, and in tests streams that collect what would reach the terminal, so most
// command-line tests call main() instead of starting a process.

/** Where output goes; `isTTY` decides between live progress lines and plain ones. */
export type Output = NodeJS.WritableStream & { isTTY?: boolean };

export interface Io {
  stdout: Output;
  stderr: Output;
  /** Read only to ask before a large sweep, and only when it is a terminal. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** MLPLAB_DATA and MLPLAB_KERNELS; the worker threads start with this environment. */
  env: NodeJS.ProcessEnv;
  /** Ctrl-C and SIGTERM call `handler` until the function returned is called. */
  onInterrupt(handler: () => void): () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exit(code: number): void;
  /** --quiet: Node's own warnings are silenced too (in this thread, and in workers started later). */
  silenceWarnings(): void;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exit: (code) => process.exit(code),
    silenceWarnings() {
      // This thread's warnings by removing their printer, the worker threads' by the variable
      // they start with.
      process.removeAllListeners('warning');
      process.env.NODE_NO_WARNINGS = '1';
    },
  };
}
