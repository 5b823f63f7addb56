// `mlplab init [dir]`: a new project gets a valid example, the .gitignore lines and a README; a
// file that exists is never changed (the example exits 2 naming it, the others get instructions).

import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { GITIGNORE_LINES } from '../../src/commands/init-files.js';
import { claimsDir } from '../../src/run/claim-file.js';
import { checkpointPath } from '../../src/run/store.js';
import { mlplabMain } from '../helpers/main.js';
import { tempDir } from '../helpers/tiny.js';

test('init in an empty folder writes a valid example, .gitignore and README.md, and says what to run', async (t) => {
  const dir = await tempDir(t);
  const r = await mlplabMain(['init', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await readdir(dir)).sort(), ['.gitignore', 'README.md', 'experiments']);
  const example = join(dir, 'experiments', 'example.yaml');
  assert.match(
    await readFile(example, 'utf8'),
    /^# yaml-language-server: \$schema=\.\.\/node_modules\/mlplab\/schema\/experiment\.schema\.json\n/,
  );
  assert.equal((await mlplabMain(['validate', example])).code, 0);
  const ignored = (await readFile(join(dir, '.gitignore'), 'utf8')).split('\n');
  for (const line of GITIGNORE_LINES) assert.ok(ignored.includes(line), line);
  assert.match(r.stdout, /next: cd .* && npx mlplab run experiments\/example\.yaml/);
});

test('the .gitignore lines cover the folders where the store puts checkpoints and claims', () => {
  const asRegExp = (line: string): RegExp => new RegExp(`^${line.replace(/\./g, '\\.').replace(/\*/g, '[^/]+').replace(/\/$/, '')}$`);
  for (const folder of [dirname(checkpointPath(join('results', 'example'), 'id')), claimsDir(join('results', 'example'))])
    assert.ok(
      GITIGNORE_LINES.some((line) => asRegExp(line).test(folder)),
      `${folder} is not ignored`,
    );
});

test('an existing example is refused with exit 2 naming it, and nothing is written', async (t) => {
  const dir = await tempDir(t);
  assert.equal((await mlplabMain(['init', dir])).code, 0);
  await writeFile(join(dir, 'experiments', 'example.yaml'), 'mine\n');
  await writeFile(join(dir, 'README.md'), 'mine\n');
  const r = await mlplabMain(['init', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^mlplab: init: .*experiments\/example\.yaml already exists/);
  assert.equal(await readFile(join(dir, 'experiments', 'example.yaml'), 'utf8'), 'mine\n');
});

test('an existing README.md and .gitignore are left as they are; what to add is printed', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'README.md'), '# my project\n');
  await writeFile(join(dir, '.gitignore'), 'dist/\nresults/*/.lock\n');
  const r = await mlplabMain(['init', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await readFile(join(dir, 'README.md'), 'utf8'), '# my project\n');
  assert.equal(await readFile(join(dir, '.gitignore'), 'utf8'), 'dist/\nresults/*/.lock\n');
  assert.match(r.stdout, /^created .*experiments\/example\.yaml\n/);
  assert.match(r.stdout, /Add to .*\.gitignore.*\n\nresults\/\*\/\.checkpoints\/\n/);
  assert.doesNotMatch(r.stdout, /\nresults\/\*\/\.lock/);
  assert.match(r.stdout, /Add to .*README\.md[\s\S]*## Experiments/);
});
