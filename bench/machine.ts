// What a benchmark's figures depend on besides the code: the machine, the runtimes and the
// libraries, and which commit (clean or not) was measured. Recorded with every run of `npm run bench`
// so that figures from different machines or versions are never compared unknowingly.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** Installed versions of the project's dependencies, from node_modules. */
  packages: Record<string, string>;
  /** NumPy and its BLAS, when python3 has NumPy (the peer the epoch and sweep figures compare with). */
  numpy?: { version: string; blas: string };
}

export interface Revision {
  commit: string; // short hash, or 'unknown' outside a git checkout
  dirty: boolean; // uncommitted changes: the figures may not belong to `commit`
}

function git(...args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function revision(): Revision {
  const commit = git('rev-parse', '--short', 'HEAD') ?? 'unknown';
  // Only tracked files count: bench/results/ gains an untracked file on every run.
  const status = git('status', '--porcelain', '--untracked-files=no');
  return { commit, dirty: status === undefined || status !== '' };
}

function packageVersions(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as Record<string, Record<string, string> | undefined>;
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).sort();
  return Object.fromEntries(
    names.map((name) => {
      try {
        return [name, (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version];
      } catch {
        return [name, 'not installed'];
      }
    }),
  );
}

// Asked in the same python3 that runs bench/numpy_mlp.py; the BLAS entry is NumPy's own build record.
const NUMPY_VERSION = `import json, numpy
try:
    blas = numpy.show_config(mode='dicts')['Build Dependencies']['blas']
    blas = f"{blas.get('name', '?')} {blas.get('version', '?')}"
except Exception:
    blas = 'unknown'
print(json.dumps({'version': numpy.__version__, 'blas': blas}))`;

function numpyVersion(): Machine['numpy'] {
  const r = spawnSync('python3', ['-c', NUMPY_VERSION], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return undefined;
  return JSON.parse(r.stdout.trim()) as Machine['numpy'];
}

export function machine(): Machine {
  const m: Machine = {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    packages: packageVersions(),
  };
  const numpy = numpyVersion();
  if (numpy !== undefined) m.numpy = numpy;
  return m;
}
