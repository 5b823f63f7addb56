// Downloading one dataset file into the cache. The file is streamed to a temp file next to its
// final place, its decompressed bytes are checked against the registry's SHA-256, and only then
// is it renamed into place: rename within a directory is atomic, so the cache never holds a
// partial or unverified file, even if the process dies mid-download. Mirrors are tried in order.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from './errors.js';
import { gunzipIfNeeded, isGzip } from './idx.js';

export type Progress = (message: string) => void;

const MB = 1024 * 1024;

/** The message of an error and of its cause: fetch reports "fetch failed", the cause says why. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return err.message + cause;
}

/** Stream `url` into `path`, reporting progress every 10% (or 5 MB when the size is unknown). */
async function fetchTo(url: string, path: string, onProgress: Progress): Promise<void> {
  const res = await fetch(url, { redirect: 'follow' }); // fetch follows up to 20 redirects
  if (!res.ok || res.body === null) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  // With Content-Encoding, content-length counts the encoded bytes but we see decoded ones.
  const encoded = res.headers.get('content-encoding') !== null;
  const total = encoded ? NaN : Number(res.headers.get('content-length') ?? NaN);
  const step = Number.isFinite(total) && total > 0 ? total / 10 : 5 * MB;
  const file = await open(path, 'wx');
  let received = 0;
  let nextReport = step;
  try {
    for await (const chunk of res.body) {
      await file.write(chunk);
      received += chunk.length;
      if (received >= nextReport) {
        const pct = Number.isFinite(total) ? ` ${Math.floor((100 * received) / total)}%` : '';
        onProgress(`  ${(received / MB).toFixed(1)} MB${pct}`);
        nextReport += step;
      }
    }
  } finally {
    await file.close();
  }
}

/**
 * Download `<mirror><file>.gz` into `dir`, trying each mirror in turn, and return the final path:
 * `<dir>/<file>.gz`, or `<dir>/<file>` if the server sent the bytes already decompressed (some
 * servers mark .gz files Content-Encoding: gzip and fetch then undoes the compression).
 */
export async function downloadFile(
  file: string,
  sha256: string,
  dir: string,
  mirrors: readonly string[],
  onProgress: Progress = () => {},
): Promise<string> {
  await mkdir(dir, { recursive: true }).catch((err: Error) => {
    throw new DataError(`cannot create the cache directory ${dir} (${err.message})`);
  });
  const failures: string[] = [];
  for (const base of mirrors) {
    const url = new URL(`${file}.gz`, base.endsWith('/') ? base : `${base}/`).href;
    const tmp = join(dir, `.${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
    try {
      onProgress(`downloading ${url}`);
      await fetchTo(url, tmp, onProgress);
      const raw = await readFile(tmp);
      const bytes = await gunzipIfNeeded(raw);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) {
        throw new DataError(`SHA-256 mismatch for ${file} (decompressed): expected ${sha256}, got ${actual}`);
      }
      const dest = join(dir, isGzip(raw) ? `${file}.gz` : file);
      await rename(tmp, dest);
      onProgress(`verified ${file} (SHA-256 ok) → ${dest}`);
      return dest;
    } catch (err) {
      await rm(tmp, { force: true });
      failures.push(`${url}: ${describe(err)}`);
    }
  }
  throw new DataError(`could not download ${file}:\n    ${failures.join('\n    ')}`);
}
