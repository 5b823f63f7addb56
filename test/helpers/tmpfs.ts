// A real small file system for full-disk and read-only tests: a tmpfs mounted on a temp folder
// (root only), with a filler file that leaves exactly as much free space as a test asks for.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** tmpfs counts whole pages: a file of n > 0 bytes takes ceil(n / PAGE) of them. */
export const PAGE = 4096;
export const pages = (bytes: number): number => Math.ceil(bytes / PAGE);

/**
 * Mounts a tmpfs of `bytes` on `at` (a new temp folder if not given), unmounted after the test;
 * undefined, with the test skipped, where mounting is not allowed.
 */
export function mountTmpfs(t: TestContext, bytes: number, at?: string): string | undefined {
  if (process.getuid?.() !== 0) {
    t.skip('mounting a tmpfs needs root');
    return undefined;
  }
  const dir = at ?? mkdtempSync(join(tmpdir(), 'mlplab-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    if (at === undefined) rmSync(dir, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs here: ${(r.stderr || r.error?.message || '').trim()}`);
    return undefined;
  }
  t.after(() => {
    spawnSync('umount', ['-l', dir]);
    if (at === undefined) rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Remounts the tmpfs at `dir` read-only (EROFS for every write), or writable again. */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  const r = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${mode} ${dir}: ${r.stderr}`);
}

export function freePages(dir: string): number {
  return Number(statfsSync(dir).bavail);
}

/** Writes <dir>/filler so that exactly `leave` pages stay free; returns its path (delete it to free them). */
export function fillLeaving(dir: string, leave: number): string {
  const path = join(dir, 'filler');
  const size = (freePages(dir) - leave) * PAGE;
  if (size < 0) throw new Error(`${dir}: only ${freePages(dir)} pages free, cannot leave ${leave}`);
  writeFileSync(path, Buffer.alloc(size, 1));
  if (freePages(dir) !== leave) throw new Error(`${dir}: ${freePages(dir)} pages free after filling, not ${leave}`);
  return path;
}
