// Ctrl-C or SIGTERM during `mlplab run`. The first stops the sweep: runs in progress keep their
// last checkpoint, finished ones are stored, and the report is written. A second quits at once.

/** What the first interruption prints; it must stay on screen, so progress stops redrawing first. */
export const INTERRUPTED =
  'mlplab: interrupted — finished runs are stored and runs in progress keep their last epoch; ' +
  'run the same command again to resume (Ctrl-C again to quit at once)';

/** Under --force a run in progress was stored before, and its old result is what stays. */
const INTERRUPTED_FORCE =
  'mlplab: interrupted — runs retrained so far are stored and the others keep their previous results; ' +
  'run the same command again to retrain them all from scratch (Ctrl-C again to quit at once)';

/** A signal handler that aborts `abort`, then says so through `write`; `exit` on the second signal. */
export function interruptHandler(
  abort: AbortController,
  write: (text: string) => void,
  exit: (code: number) => void,
  force = false,
): () => void {
  return () => {
    if (abort.signal.aborted) return exit(130); // checkpoints are on disk
    // Listeners to the signal (the progress display among them) run inside abort(), before the
    // message: it is printed below whatever they leave on screen.
    abort.abort();
    write(`\n${force ? INTERRUPTED_FORCE : INTERRUPTED}\n`);
  };
}
