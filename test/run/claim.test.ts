// Per-run claims (run/claim.ts): exclusive under races between real processes, stale ones taken
// over by exactly one process, heartbeats refreshed, and nothing left behind by a failing write.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Claims } from '../../src/run/claim.js';
import { claimPath, claimsDir, claimTiming, liveClaims, type ClaimInfo } from '../../src/run/claim-file.js';
import { tempDir } from '../helpers/tiny.js';

const MODULE = new URL('../../src/run/claim.js', import.meta.url).href;
const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `run${String(i).padStart(3, '0')}`);

/** A process that has exited: its pid is dead (until reused, which a test run does not wait for). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeClaim(dir: string, id: string, info: Partial<ClaimInfo>): void {
  mkdirSync(claimsDir(dir), { recursive: true });
  const full: ClaimInfo = {
    host: hostname(),
    pid: process.pid,
    started: '',
    heartbeat: new Date().toISOString(),
    nonce: `n-${id}`,
    ...info,
  };
  writeFileSync(claimPath(dir, id), JSON.stringify(full));
}

// Each process waits for a common start time, tries to claim every id, prints those it won and
// holds them (its claims stay live) until the test creates the file `go-home`.
const RACER = `
const { Claims } = await import(process.env.CLAIM_MODULE);
const { existsSync } = await import('node:fs');
const ids = JSON.parse(process.env.IDS);
const claims = new Claims(process.env.DIR);
while (Date.now() < Number(process.env.START)) {}
const won = ids.filter((id) => claims.take(id) === undefined);
process.stdout.write(JSON.stringify(won) + '\\n');
while (!existsSync(process.env.GO_HOME)) await new Promise((r) => setTimeout(r, 10));
`;

/** `count` processes racing for `runs`: the runs each won. */
async function race(dir: string, runs: string[], count: number): Promise<string[][]> {
  const goHome = join(dir, 'go-home');
  const env = {
    ...process.env,
    CLAIM_MODULE: MODULE,
    IDS: JSON.stringify(runs),
    DIR: dir,
    START: String(Date.now() + 1500),
    GO_HOME: goHome,
  };
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--input-type=module', '-e', RACER], { env, stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const won = await Promise.all(
    children.map(
      (child) =>
        new Promise<string[]>((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (b: Buffer) => {
            out += b.toString();
            if (out.endsWith('\n')) resolve(JSON.parse(out) as string[]);
          });
          child.on('exit', (code) => reject(new Error(`racer exited ${code} before reporting`)));
        }),
    ),
  );
  writeFileSync(goHome, '');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
  return won;
}

function assertPartition(won: string[][], runs: string[]): void {
  const all = won.flat().sort();
  assert.deepEqual(all, [...runs].sort(), `each run to exactly one process (won: ${won.map((w) => w.length).join(', ')})`);
}

test('4 processes claiming the same 200 runs at once: each run goes to exactly one', async (t) => {
  const dir = await tempDir(t);
  const runs = ids(200);
  assertPartition(await race(dir, runs, 4), runs);
});

test('4 processes taking over the same stale claims at once: each run goes to exactly one', async (t) => {
  const dir = await tempDir(t);
  const runs = ids(200);
  const dead = deadPid();
  // Half stale by a dead process on this host, half by a heartbeat older than the timeout elsewhere.
  runs.forEach((id, i) =>
    writeClaim(
      dir,
      id,
      i % 2 === 0 ? { pid: dead } : { host: 'elsewhere', pid: 1, heartbeat: new Date(Date.now() - 11 * 60_000).toISOString() },
    ),
  );
  assertPartition(await race(dir, runs, 4), runs);
  assert.deepEqual(
    readdirSync(claimsDir(dir)).filter((n) => !n.endsWith('.claim')),
    [],
    'no takeover marker or moved-aside claim is left',
  );
});

test('a process that judged a claim stale after another replaced it leaves the new claim in place', async (t) => {
  // The interleaving that let two processes win one run under load, stepped through in one process:
  // B judges the stale claim, A takes it over (and drops its marker), B goes on with its takeover,
  // and while B has the claim moved aside, C comes to the run.
  const dir = await tempDir(t);
  writeClaim(dir, 'r', { pid: deadPid() });
  const path = claimPath(dir, 'r');
  const lost: string[] = [];
  const a = new Claims(dir, { onLost: (id) => lost.push(id) });
  const c = new Claims(dir);
  const won: string[] = [];
  let calls = 0;
  let cTook: ClaimInfo | undefined | 'not asked';
  cTook = 'not asked';
  const b = new Claims(dir, {
    // B's second clock reading is its judgement of the claim it read (the first dates the claim it failed to create).
    now: () => {
      if (++calls === 2 && a.take('r') === undefined) won.push('a');
      return Date.now();
    },
    rename: (from, to) => {
      renameSync(from, to);
      if (from === path && cTook === 'not asked') cTook = c.take('r');
    },
  });
  if (b.take('r') === undefined) won.push('b');
  if (cTook === undefined) won.push('c');
  assert.deepEqual(won, ['a'], 'the run goes to one process');
  assert.notEqual(c.take('r'), undefined);
  a.heartbeat();
  assert.deepEqual(lost, [], "A's claim is still A's");
  a.releaseAll();
  c.releaseAll();
  b.releaseAll();
  assert.deepEqual(readdirSync(claimsDir(dir)), []);
});

test('a live claim of another process is respected; released, the run can be claimed', async (t) => {
  const dir = await tempDir(t);
  const a = new Claims(dir);
  const b = new Claims(dir);
  assert.equal(a.take('x'), undefined);
  const holder = b.take('x');
  assert.equal(holder?.pid, process.pid);
  assert.equal(holder?.host, hostname());
  assert.deepEqual([...liveClaims(dir).keys()], ['x']);
  a.release('x');
  assert.equal(existsSync(claimPath(dir, 'x')), false);
  assert.equal(b.take('x'), undefined);
  b.releaseAll();
  assert.deepEqual(readdirSync(claimsDir(dir)), []);
});

test('stale claims are taken over: an old heartbeat (any host), a dead process (this host), an old unreadable file', async (t) => {
  const dir = await tempDir(t);
  const old = new Date(Date.now() - 11 * 60_000).toISOString();
  writeClaim(dir, 'old', { host: 'elsewhere', heartbeat: old });
  writeClaim(dir, 'dead', { pid: deadPid() });
  writeClaim(dir, 'fresh-elsewhere', { host: 'elsewhere', pid: deadPid() }); // a pid means nothing on another host
  writeFileSync(claimPath(dir, 'torn'), '{"host":');
  utimesSync(claimPath(dir, 'torn'), new Date(Date.now() - 11 * 60_000), new Date(Date.now() - 11 * 60_000));
  writeFileSync(claimPath(dir, 'being-written'), ''); // just created by O_EXCL, not yet written: live
  const c = new Claims(dir);
  assert.equal(c.take('old'), undefined);
  assert.equal(c.take('dead'), undefined);
  assert.equal(c.take('torn'), undefined);
  assert.equal(c.take('fresh-elsewhere')?.host, 'elsewhere');
  assert.notEqual(c.take('being-written'), undefined);
  const mine = JSON.parse(readFileSync(claimPath(dir, 'old'), 'utf8')) as ClaimInfo;
  assert.equal(mine.pid, process.pid);
  c.releaseAll();
});

test('the heartbeat is rewritten while held; a claim taken over is reported lost and not overwritten', async (t) => {
  const dir = await tempDir(t);
  let now = Date.parse('2026-12-04T00:00:00Z');
  const lost: string[] = [];
  const c = new Claims(dir, { now: () => now, onLost: (id, by) => lost.push(`${id} ${by?.host}`) });
  assert.equal(c.take('a'), undefined);
  assert.equal(c.take('b'), undefined);
  now += 30_000;
  c.heartbeat();
  const read = (id: string) => JSON.parse(readFileSync(claimPath(dir, id), 'utf8')) as ClaimInfo;
  assert.equal(read('a').heartbeat, '2026-12-04T00:00:30.000Z');
  writeClaim(dir, 'b', { host: 'other', nonce: 'theirs' });
  c.heartbeat();
  assert.deepEqual(lost, ['b other']);
  assert.equal(read('b').nonce, 'theirs');
  c.releaseAll();
  assert.equal(read('b').nonce, 'theirs', 'release leaves the claim of another process');
  assert.equal(existsSync(claimPath(dir, 'a')), false);
});

test('a claim that cannot be written (a full disk) throws, closes its file and leaves no claim', async (t) => {
  const dir = await tempDir(t);
  const fds = () => readdirSync('/proc/self/fd').length;
  const before = fds();
  const full = new Claims(dir, { write: () => 0 });
  for (let i = 0; i < 20; i++) assert.throws(() => full.take(`r${i}`), /ENOSPC/);
  assert.equal(fds(), before, 'no file descriptor left open');
  assert.deepEqual(readdirSync(claimsDir(dir)), []);
});

test('MLPLAB_CLAIM_HEARTBEAT / MLPLAB_CLAIM_TIMEOUT set the timing in seconds; nonsense keeps the default', () => {
  assert.deepEqual(claimTiming({}), { heartbeatMs: 30_000, staleMs: 600_000 });
  assert.deepEqual(claimTiming({ MLPLAB_CLAIM_HEARTBEAT: '0.1', MLPLAB_CLAIM_TIMEOUT: '2' }), { heartbeatMs: 100, staleMs: 2000 });
  assert.deepEqual(claimTiming({ MLPLAB_CLAIM_HEARTBEAT: 'x', MLPLAB_CLAIM_TIMEOUT: '-1' }), { heartbeatMs: 30_000, staleMs: 600_000 });
});
