// File-system errors a user can cause (a full disk, a read-only or foreign folder, a file where a
// folder belongs) as one-line messages: the one place that reads errno codes. Any other error
// (ENOENT of a file mlplab itself just made, EBADF…) stays a bug and reaches the CLI as one.

import { dirname } from 'node:path';
import { UsageError } from '../errors.js';

/** A file-system error the user can fix; the CLI prints its message and exits 2. */
export class FileSystemError extends UsageError {
  override name = 'FileSystemError';
  constructor(
    message: string,
    readonly code: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** What went wrong at `path` (a folder for a full disk), by errno code, and what fixes it. */
const CAUSES: Record<string, { cause: (path: string) => string; fix: string }> = {
  ENOSPC: { cause: (p) => `no space left on ${p}`, fix: 'free some space' },
  EDQUOT: { cause: (p) => `disk quota exceeded on ${p}`, fix: 'free some space' },
  EROFS: { cause: (p) => `${p} is on a read-only file system`, fix: 'choose a writable folder with --results' },
  EACCES: { cause: (p) => `permission denied on ${p}`, fix: 'fix its permissions or choose another folder with --results' },
  EPERM: { cause: (p) => `permission denied on ${p}`, fix: 'fix its permissions or choose another folder with --results' },
  ENOTDIR: { cause: (p) => `${p}: part of this path is a file, not a folder`, fix: 'choose a folder with --results' },
  EEXIST: { cause: (p) => `${p}: a file is in the way of a folder`, fix: 'move it or choose another folder with --results' },
  EISDIR: { cause: (p) => `${p} is a folder, not a file`, fix: 'move it away' },
  ENAMETOOLONG: { cause: (p) => `${p}: the name is too long`, fix: 'choose a shorter path with --results' },
  EIO: { cause: (p) => `input/output error on ${p}`, fix: 'check the disk' },
};

/** ENOSPC and EDQUOT: the write may succeed once space is freed; nothing is wrong with the path. */
function isDiskFull(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * `err` as a one-line user error, "<cause at path> — <consequence>; <fix><then>", or undefined
 * when it is not a file-system error a user can cause. `path` is what mlplab meant to write (the
 * error's own path is often a temp file); for a full disk, pass the folder.
 */
export function userFsError(err: unknown, path: string, consequence = '', then = ''): FileSystemError | undefined {
  const code = errnoCode(err);
  const known = code === undefined ? undefined : CAUSES[code];
  if (code === undefined || known === undefined) return undefined;
  return new FileSystemError(`${known.cause(path)} — ${consequence ? `${consequence}; ` : ''}${known.fix}${then}`, code, path);
}

/** A failed write of `path` in one line: "<cause> — <consequence>; <fix><then>", whatever the error. */
export function writeFailure(err: unknown, path: string, consequence: string, then = ''): string {
  return (
    userFsError(err, isDiskFull(err) ? dirname(path) : path, consequence, then)?.message ??
    `cannot write ${path}: ${(err as Error).message} — ${consequence}`
  );
}

/** `err` about its own path (or `fallback`), for errors caught far from their cause. */
export function anyUserFsError(err: unknown, fallback = '.'): FileSystemError | undefined {
  if (err instanceof FileSystemError) return err;
  const path = (err as NodeJS.ErrnoException | undefined)?.path ?? fallback;
  return userFsError(err, isDiskFull(err) ? dirname(path) : path);
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
