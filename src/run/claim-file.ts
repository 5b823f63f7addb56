// A claim file as it lies in results/<exp>/.claims/ (run/claim.ts takes, refreshes and drops them):
// what it holds, where it is, when it is stale, and which claims are live now. Read by `run`,
// `plan` (who trains what), `prune` and the leftovers sweep.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface ClaimInfo {
  host: string;
  pid: number;
  started: string;
  heartbeat: string;
  /** Which claim this is (a process may claim the same run twice, e.g. after a failure). */
  nonce: string;
}

/** How often a held claim is refreshed, and how old a heartbeat makes a claim stale (ms). */
export interface ClaimTiming {
  heartbeatMs: number;
  staleMs: number;
}

export const DEFAULT_TIMING: ClaimTiming = { heartbeatMs: 30_000, staleMs: 10 * 60_000 };

/** The timing, with MLPLAB_CLAIM_HEARTBEAT / MLPLAB_CLAIM_TIMEOUT (seconds) for tests and odd filesystems. */
export function claimTiming(env: Readonly<Record<string, string | undefined>>): ClaimTiming {
  const seconds = (name: string, fallback: number): number => {
    const v = Number(env[name] ?? '');
    return (env[name] ?? '') !== '' && Number.isFinite(v) && v > 0 ? v * 1000 : fallback;
  };
  return {
    heartbeatMs: seconds('MLPLAB_CLAIM_HEARTBEAT', DEFAULT_TIMING.heartbeatMs),
    staleMs: seconds('MLPLAB_CLAIM_TIMEOUT', DEFAULT_TIMING.staleMs),
  };
}

export function claimsDir(dir: string): string {
  return join(dir, '.claims');
}

export function claimPath(dir: string, id: string): string {
  return join(claimsDir(dir), `${id}.claim`);
}

/** `host:pid`, as messages name a claim's holder. */
export function holderName(info: ClaimInfo): string {
  return `${info.host}:${info.pid}`;
}

/** A claim file as found: its content (undefined while half-written or unreadable) and its age. */
export interface Found {
  info: ClaimInfo | undefined;
  mtimeMs: number;
}

export function readClaim(path: string): Found | undefined {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    try {
      return { info: JSON.parse(readFileSync(path, 'utf8')) as ClaimInfo, mtimeMs };
    } catch {
      return { info: undefined, mtimeMs };
    }
  } catch {
    return undefined; // gone: released or taken over meanwhile
  }
}

/** Whether a claim's holder is to be presumed dead: an old heartbeat, or on this host a process that is gone. */
export function isStale(found: Found, now: number, staleMs: number): boolean {
  const { info } = found;
  // Just created and not yet written (or damaged): only its age can tell.
  if (info === undefined || typeof info.heartbeat !== 'string') return now - found.mtimeMs > staleMs;
  if (now - Date.parse(info.heartbeat) > staleMs) return true;
  return info.host === hostname() && !processExists(info.pid);
}

/** Whether a process of this pid exists on this host. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Which instance of a claim was judged stale: the takeover marker is named after it. */
export function identity(found: Found): string {
  return found.info === undefined ? `unreadable-${Math.round(found.mtimeMs)}` : `${found.info.nonce}-${Date.parse(found.info.heartbeat)}`;
}

/**
 * The live claims of other processes in `dir` (for `plan` and the leftovers sweep), by run id.
 * Temp files and markers are not claims.
 */
export function liveClaims(dir: string, now = Date.now(), staleMs = DEFAULT_TIMING.staleMs): Map<string, ClaimInfo> {
  const live = new Map<string, ClaimInfo>();
  let names: string[];
  try {
    names = readdirSync(claimsDir(dir));
  } catch {
    return live;
  }
  for (const name of names.filter((n) => n.endsWith('.claim') && !n.startsWith('.'))) {
    const found = readClaim(join(claimsDir(dir), name));
    if (found?.info !== undefined && !isStale(found, now, staleMs)) live.set(name.slice(0, -'.claim'.length), found.info);
  }
  return live;
}
