// One `mlplab run` per experiment at a time: a lock file in the results folder, created with
// O_EXCL so two processes cannot both take it. A lock left by a process that no longer exists
// (kill -9, power cut) is stale and taken over; a live one makes the second run refuse.

import { hostname } from 'node:os';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

export class ExperimentLock {
  private constructor(private readonly path: string) {}

  static acquire(dir: string): ExperimentLock {
    const path = join(dir, '.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
        writeSync(fd, JSON.stringify(info));
        closeSync(fd);
        return new ExperimentLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot create ${path}: ${(err as Error).message}`);
      }
      const holder = readLock(path);
      if (holder !== undefined && isAlive(holder)) {
        throw new UsageError(
          `${dir} is in use by another mlplab run (pid ${holder.pid} on ${holder.host}, since ${holder.started}); ` +
            `wait for it to finish, or stop it — its finished runs are kept. If no such process exists, delete ${path}.`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
    throw new UsageError(`${dir}: another mlplab run took the lock at the same moment; try again`);
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined; // unreadable or half-written by a killed process: treat as stale
  }
}

function isAlive(lock: LockInfo): boolean {
  if (lock.host !== hostname()) return true; // another machine's process (shared disk): cannot tell, so respect it
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
