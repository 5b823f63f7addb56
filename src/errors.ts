// A user's mistake (bad arguments, an unwritable folder) — as opposed to a bug. The CLI prints
// only the message of such errors and exits 2; anything else is an internal error.

export class UsageError extends Error {
  override name = 'UsageError';
}
