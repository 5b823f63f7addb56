// An experiment file's text, read with care because anything can be named on the command line:
// a FIFO would block, /dev/zero never ends, a folder or a device holds no text, and bytes that
// are not UTF-8 would be replaced without a word, quietly changing a value. So only a regular
// file is read, at most a size limit of it, and only as strict UTF-8. The checks are made on the
// open descriptor, so the file cannot be swapped for another between the check and the read.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** An experiment is a page or two of YAML: a file past this size is the wrong file (a dataset, a log). */
export const MAX_EXPERIMENT_BYTES = 1024 * 1024;

/** Why a file cannot be read, in a user's words; line and col when a place in the file is known. */
export interface ReadFailure {
  reason: string;
  line?: number;
  col?: number;
}

/** The text of `file`, or why it cannot be read. */
export function readText(file: string): string | ReadFailure {
  let fd: number;
  try {
    // Non-blocking, or opening a FIFO that no one writes to would wait forever, before fstat can refuse it.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { reason: errnoReason(err as NodeJS.ErrnoException) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { reason: `${kindOf(stat)}, not a regular file` };
    const bytes = readAtMost(fd, MAX_EXPERIMENT_BYTES + 1);
    if (bytes.length > MAX_EXPERIMENT_BYTES) {
      return { reason: `larger than ${MAX_EXPERIMENT_BYTES / 1024 / 1024} MiB, the limit for an experiment file (is it the right file?)` };
    }
    return decodeUtf8(bytes);
  } catch (err) {
    return { reason: errnoReason(err as NodeJS.ErrnoException) };
  } finally {
    closeSync(fd);
  }
}

function errnoReason(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'a folder, not a regular file';
  return err.message;
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}

function readAtMost(fd: number, limit: number): Uint8Array {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const n = readSync(fd, buffer, length, limit - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

/**
 * Strict UTF-8 with nothing YAML forbids in it (control characters other than tab and line
 * breaks: the mark of a binary file); a bad byte is named by its offset, line and column.
 */
function decodeUtf8(bytes: Uint8Array): string | ReadFailure {
  let text: string;
  try {
    // The byte-order mark is kept (YAML skips it), so offsets in the text are offsets in the file.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const { start, end } = firstInvalidUtf8(bytes);
    const shown = [...bytes.subarray(start, end + 1)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    const lineStart = start === 0 ? 0 : bytes.lastIndexOf(0x0a, start - 1) + 1;
    return {
      reason: `not UTF-8 text: byte${end === start ? '' : 's'} ${shown} at byte offset ${start} (save the file as UTF-8)`,
      line: bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1,
      col: start - lineStart + 1,
    };
  }
  const at = NOT_PRINTABLE.exec(text)?.index;
  if (at === undefined) return text;
  const code = text.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0');
  const lineStart = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
  return {
    reason: `not a text file: control character U+${code} at byte offset ${Buffer.byteLength(text.slice(0, at))}`,
    line: text.slice(0, lineStart).split('\n').length,
    col: at - lineStart + 1,
  };
}

/** Outside YAML's printable set (YAML 1.2, c-printable); strict decoding already rules out lone surrogates. */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/**
 * The first ill-formed sequence of `bytes`: from its first byte to the byte that breaks it
 * (Unicode's table of well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF).
 */
export function firstInvalidUtf8(bytes: Uint8Array): { start: number; end: number } {
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes after the lead; the first one's range is narrower after E0, ED, F0 and F4.
    let follow: number,
      lo = 0x80,
      hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) follow = 1;
    else if (c >= 0xe0 && c <= 0xef) [follow, lo, hi] = [2, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf];
    else if (c >= 0xf0 && c <= 0xf4) [follow, lo, hi] = [3, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf];
    else return { start: i, end: i };
    for (let k = 1; k <= follow; k++) {
      const b = bytes[i + k];
      if (b === undefined) return { start: i, end: i + k - 1 };
      if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) return { start: i, end: i + k };
    }
    i += follow + 1;
  }
  return { start: bytes.length, end: bytes.length };
}
