// The schema in editors: every shipped experiment, checked by the real yaml-language-server through
// its `# yaml-language-server: $schema=` comment, gets no diagnostic; a wrong file gets one.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { YamlLanguageServer } from '../helpers/lsp.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // from dist/test/docs/
const EXPERIMENTS = join(ROOT, 'experiments');

// A server that stops answering fails the test instead of hanging it.
const LIMIT = { timeout: 30_000 };

let ls: YamlLanguageServer;
before(async () => {
  ls = await YamlLanguageServer.start(ROOT);
}, LIMIT);
after(() => ls.stop());

for (const name of readdirSync(EXPERIMENTS).filter((f) => f.endsWith('.yaml'))) {
  test(`${name}: no diagnostic in an editor`, LIMIT, async () => {
    const file = join(EXPERIMENTS, name);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=\.\.\/schema\/experiment\.schema\.json\n/);
    const problems = await ls.diagnose(file, text);
    assert.deepEqual(
      problems.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
    );
  });
}

/** A file opened as if it sat in experiments/ (the server is given its text; nothing is written). */
const unsaved = (name: string): string => join(EXPERIMENTS, name);
const HEADER = '# yaml-language-server: $schema=../schema/experiment.schema.json\n';

test('a wrong file gets diagnostics: a missing field, an unknown field beside extends', LIMIT, async () => {
  const missing = await ls.diagnose(unsaved('missing-model.yaml'), `${HEADER}name: x\ndataset: mnist\n`);
  assert.deepEqual(
    missing.map((d) => d.message),
    ['Missing property "model".'],
  );
  const typo = await ls.diagnose(unsaved('typo.yaml'), `${HEADER}extends: mnist-vs-fashion.yaml\ntrian:\n  epochs: 1\n`);
  assert.equal(typo.length, 1, JSON.stringify(typo));
  assert.equal(typo[0].range.start.line, 2);
});

const BODY = `${HEADER}name: x\ndataset: mnist\nmodel:\n  layers: [{ linear: 10 }, relu, linear]\n`;

test('sweep keys complete to the fields they may name: grid, zip group, random', LIMIT, async () => {
  const at = async (sweep: string, line: number, character: number): Promise<string[]> =>
    ls.complete(unsaved('sweep.yaml'), `${BODY}sweep:\n${sweep}`, line, character);
  const offered = {
    grid: await at('  \n', 6, 2),
    zip: await at('  zip:\n    - \n', 7, 6),
    random: await at('  samples: 2\n  random:\n    \n', 8, 4),
  };
  for (const [where, labels] of Object.entries(offered)) {
    for (const path of ['train.optimizer.sgd.lr', 'train.epochs', 'seed'])
      assert.ok(labels.includes(path), `${where}: ${path} not in ${labels.join(', ')}`);
  }
});

test('a sweep key with [i] is not flagged, nor a known path', LIMIT, async () => {
  const sweep = 'sweep:\n  model.layers[0].linear.units: [8, 16]\n  train.optimizer.sgd.lr: [0.1, 0.01]\n';
  assert.deepEqual(await ls.diagnose(unsaved('indexed.yaml'), `${BODY}${sweep}`), []);
});
