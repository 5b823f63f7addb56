// Per-run claims: several `mlplab run` processes (shards of a job array, two terminals, nodes on a
// shared filesystem) share one results folder, and each run is trained by one of them at a time.
// Before training a run a process creates results/<exp>/.claims/<id>.claim with O_EXCL (so of two
// processes creating it at once exactly one succeeds), holding its host, pid, start and a
// heartbeat time it rewrites every heartbeat interval while the run trains. The claim is removed
// when the run is stored or fails; a process killed with -9 leaves it behind, and it turns stale
// when its heartbeat is older than the timeout (a pid means nothing on another host) or, on the
// same host, at once when its process is gone. A stale claim is taken over.
//
// Taking over must not let two processes win: both judged the same stale claim, and one must not
// delete the fresh claim the other has just made. So the takeover of a claim is itself exclusive:
// a marker file named after the stale claim's nonce and heartbeat, created with O_EXCL. Its winner
// first reads the claim again: a process that judged it stale just after another had already
// replaced it (and dropped the marker) would otherwise move the new live claim aside, and while it
// lies there a third process finds the run free and claims it too. Only the very claim judged stale
// is moved aside; what was moved is checked once more (its holder may write a heartbeat in
// between; then it is put back), and the winner creates its own with O_EXCL as for a free run. A
// marker left by a kill in that instant is removed once older than the timeout.
//
// Claims save work; they are not what keeps results right. Should a claim ever be lost (a process
// paused past the timeout, clocks apart by more than it), two processes train the same run and
// write the same bytes: a run's result is a function of its spec, and every write is atomic.
// Claims live beside runs/, in a hidden folder like .checkpoints/: the run files are committed,
// these are not.

import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { writeFileAtomicSync, type Writer } from '../util/atomic.js';
import { claimPath, DEFAULT_TIMING, identity, isStale, readClaim, type ClaimInfo, type ClaimTiming, type Found } from './claim-file.js';

/** The claims one process holds in one experiment folder, refreshed on a timer while any is held. */
export class Claims {
  private readonly held = new Map<string, ClaimInfo>();
  private timer: NodeJS.Timeout | undefined;
  private readonly started = new Date().toISOString();

  private readonly timing: ClaimTiming;
  private readonly onLost: (id: string, by: ClaimInfo | undefined) => void;
  private readonly now: () => number;
  private readonly write: Writer;
  private readonly rename: (from: string, to: string) => void;

  constructor(
    private readonly dir: string,
    opts: {
      timing?: ClaimTiming;
      /** Told of a claim this process lost (taken over while it still trained the run). */
      onLost?: (id: string, by: ClaimInfo | undefined) => void;
      now?: () => number;
      /** fs.writeSync, replaced by tests of a failing disk. */
      write?: Writer;
      /** fs.renameSync, replaced by tests that step in between a takeover's steps. */
      rename?: (from: string, to: string) => void;
    } = {},
  ) {
    this.timing = opts.timing ?? DEFAULT_TIMING;
    this.onLost = opts.onLost ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.write = opts.write ?? writeSync;
    this.rename = opts.rename ?? renameSync;
  }

  /** Claims run `id`: undefined when this process now holds it, else the live claim of another. */
  take(id: string): ClaimInfo | undefined {
    const path = claimPath(this.dir, id);
    mkdirSync(dirname(path), { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.create(id, path)) return undefined;
      const found = readClaim(path);
      if (found === undefined) continue; // released meanwhile: try again
      if (!isStale(found, this.now(), this.timing.staleMs)) return found.info ?? this.unknownHolder(found);
      const took = this.takeOver(id, path, found);
      if (took === 'won') return undefined;
      if (took === 'busy') return found.info ?? this.unknownHolder(found);
    }
    const found = readClaim(path);
    return found?.info ?? { host: '?', pid: 0, started: '', heartbeat: '', nonce: '' };
  }

  /** Drops the claim of `id` (its run is stored, failed or interrupted), if it is still this process's. */
  release(id: string): void {
    const mine = this.held.get(id);
    if (mine === undefined) return;
    this.held.delete(id);
    const path = claimPath(this.dir, id);
    if (readClaim(path)?.info?.nonce === mine.nonce) rmSync(path, { force: true });
    if (this.held.size === 0) this.stopTimer();
  }

  /** Drops every claim still held (the end of `mlplab run`, however it ends). */
  releaseAll(): void {
    for (const id of [...this.held.keys()]) this.release(id);
    this.stopTimer();
  }

  /** Rewrites the heartbeat of each claim held; a claim no longer this process's is dropped and reported. */
  heartbeat(): void {
    for (const [id, mine] of this.held) {
      const path = claimPath(this.dir, id);
      const found = readClaim(path);
      if (found === undefined) continue; // moved aside for a moment by a takeover that will put it back, or lost: next time tells
      if (found.info?.nonce !== mine.nonce) {
        this.held.delete(id);
        this.onLost(id, found.info);
        continue;
      }
      const next = { ...mine, heartbeat: new Date(this.now()).toISOString() };
      writeFileAtomicSync(path, JSON.stringify(next));
      this.held.set(id, next);
    }
  }

  /** Creates the claim with O_EXCL; false when one exists. The fd is closed and the file removed if writing fails. */
  private create(id: string, path: string): boolean {
    const info: ClaimInfo = {
      host: hostname(),
      pid: process.pid,
      started: this.started,
      heartbeat: new Date(this.now()).toISOString(),
      nonce: randomUUID(),
    };
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      const bytes = Buffer.from(JSON.stringify(info));
      // One short write on a nearly full disk would leave a torn claim: written in full or not at all.
      for (let at = 0; at < bytes.length; ) {
        const n = this.write(fd, bytes, at, bytes.length - at);
        if (!(n > 0)) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', path });
        at += n;
      }
    } catch (err) {
      rmSync(path, { force: true }); // a full disk: no half claim left to go stale
      throw err;
    } finally {
      closeSync(fd);
    }
    this.held.set(id, info);
    this.startTimer();
    return true;
  }

  /** Replaces the stale claim `found` by this process's, unless another process is doing so. */
  private takeOver(id: string, path: string, found: Found): 'won' | 'busy' | 'again' {
    const marker = `${path}.takeover-${identity(found)}`;
    if (!this.exclusive(marker)) return 'busy';
    try {
      // Replaced already by the process that held this marker before (it is dropped once done)?
      const now = readClaim(path);
      if (now === undefined) return this.create(id, path) ? 'won' : 'again'; // released meanwhile: a free run
      if (identity(now) !== identity(found)) return 'again';
      const aside = `${path}.${process.pid}.${randomUUID()}.old`;
      try {
        this.rename(path, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        return this.create(id, path) ? 'won' : 'again'; // gone meanwhile (released): claim it as a free run
      }
      const moved = readClaim(aside);
      if (moved === undefined || identity(moved) !== identity(found)) {
        // Its holder wrote a heartbeat after all: put its claim back (unless someone claimed the run meanwhile).
        try {
          linkSync(aside, path);
        } catch {
          // a new claim is there: the run is taken either way
        }
        rmSync(aside, { force: true });
        return 'busy';
      }
      rmSync(aside, { force: true });
      return this.create(id, path) ? 'won' : 'busy';
    } finally {
      rmSync(marker, { force: true });
    }
  }

  /** Creates `marker` with O_EXCL; one left by a process killed mid-takeover counts once it is older than the timeout. */
  private exclusive(marker: string): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        closeSync(openSync(marker, 'wx'));
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const age = this.now() - (readClaim(marker)?.mtimeMs ?? this.now());
      if (age <= this.timing.staleMs) return false;
      rmSync(marker, { force: true });
    }
    return false;
  }

  private unknownHolder(found: Found): ClaimInfo {
    return { host: '?', pid: 0, started: '', heartbeat: new Date(found.mtimeMs).toISOString(), nonce: '' };
  }

  private startTimer(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      try {
        this.heartbeat();
      } catch {
        // A full disk or a moment without the share: the claim keeps its last heartbeat, the next try may do better.
      }
    }, this.timing.heartbeatMs);
    this.timer.unref(); // a claim must never keep the process alive
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
