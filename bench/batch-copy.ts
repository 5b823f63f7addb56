// Gathering a batch's rows from the shared dataset into the kernels' byte buffer, three ways (µs
// per batch of 64 shuffled MNIST rows, garbage collection included): a fresh subarray view per row
// (what Batcher does: 64 small objects per batch), a view per image made once up front (nothing
// allocated per batch, but 60000 more heap objects, each one more cache miss), and a word-by-word
// JavaScript loop over Uint32Array views (nothing allocated at all).
// `node dist/bench/batch-copy.js`

import { loadDataset } from '../src/data/load.js';
import { Rng } from '../src/nn/rng.js';
import { interleaved, median } from './timing.js';

const BATCH = 64;

async function timeBatchCopy(rounds = 5): Promise<Map<string, number>> {
  const { train } = await loadDataset('mnist', { shared: true });
  const { images, count } = train;
  const D = train.rows * train.cols,
    W = D / 4;
  const bytes = new Uint8Array(new SharedArrayBuffer(BATCH * D));
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  Rng.from(1, 'batch-copy').shuffle(order);
  const views = Array.from({ length: count }, (_, i) => images.subarray(i * D, i * D + D));
  if (images.byteOffset % 4 !== 0 || D % 4 !== 0) throw new Error('the word loop needs rows of whole, aligned words');
  const src32 = new Uint32Array(images.buffer, images.byteOffset, (count * D) / 4),
    dst32 = new Uint32Array(bytes.buffer);
  let start = 0;
  const next = (): number => (start = start + 2 * BATCH > count ? 0 : start + BATCH);
  const ways: [string, () => void][] = [
    [
      'subarray per row (Batcher)',
      () => {
        const s = next();
        for (let r = 0; r < BATCH; r++) {
          const idx = order[s + r];
          bytes.set(images.subarray(idx * D, idx * D + D), r * D);
        }
      },
    ],
    [
      'views made once',
      () => {
        const s = next();
        for (let r = 0; r < BATCH; r++) bytes.set(views[order[s + r]], r * D);
      },
    ],
    [
      'word loop',
      () => {
        const s = next();
        for (let r = 0; r < BATCH; r++) {
          const a = order[s + r] * W,
            b = r * W;
          for (let i = 0; i < W; i++) dst32[b + i] = src32[a + i];
        }
      },
    ],
  ];
  const rates = interleaved(
    ways.map(([, fn]) => fn),
    rounds,
    300,
  );
  return new Map(ways.map(([name], i) => [name, median(rates[i].map((r) => 1e6 / r))]));
}

if (process.argv[1]?.endsWith('batch-copy.js')) {
  for (const [name, us] of await timeBatchCopy()) console.log(`${name}: ${us.toFixed(1)} µs per batch of ${BATCH} (median of 5)`);
}
