// A DataError is the user's problem, not a bug: a dataset that cannot be found, a file that is
// truncated or corrupt, a download whose hash does not match. The CLI prints its message alone
// (no stack trace) and exits with code 2, so the message must say what is wrong and where.

export class DataError extends Error {
  override readonly name = 'DataError';
}
