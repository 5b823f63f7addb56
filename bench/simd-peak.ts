// The machine's 128-bit SIMD peak for the kernels' instructions, as WebAssembly sees it: a loop of
// 6 independent chains of f32x4.mul and 6 of f32x4.add, nothing read from memory. Six chains of
// each keep both multiply and both add pipes busy whatever their latencies (x ← x·0.999999 from
// 1e30 and y ← y + 0.001 from 1 stay far from overflow and denormals for PEAK_ITERATIONS). The
// kernels' tile needs one multiply and one add per lane and step, so this is their ceiling:
// clock × 2 pipes × 2 operations × 4 lanes. (Chains of acc·m + c, a multiply feeding an add,
// measured lower: their latency, not the pipes, then sets the pace.)
//
// On a shared VM the speed of the moment drifts; a kernel's rate divided by this loop's, both
// taken in the same round, says how good the kernel is whatever the spell.

import { ModuleBuilder, type Code } from '../src/nn/kernels/wasm/encode.js';
import { F32, F32x4, I32, br_if, bump, get, if_, loop, set } from '../src/nn/kernels/wasm/ops.js';
import { WebAssemblyApi } from '../src/nn/kernels/wasm/api.js';

const CHAINS = 12; // 6 multiply chains, 6 add chains: with m and c, 14 of the 15 registers V8 allocates
/** Iterations per call of the peak loop. */
const PEAK_ITERATIONS = 100_000;
/** Floating-point operations of one call: one operation on 4 lanes per chain and iteration. */
export const PEAK_FLOPS = CHAINS * 4 * PEAK_ITERATIONS;

/** f32.const x, splatted to four lanes. */
function splat(x: number): Code {
  return F32x4.splat(F32.const(x));
}

/** A function that runs the peak loop once (PEAK_FLOPS operations). */
export function simdPeak(): () => number {
  const mb = new ModuleBuilder();
  mb.func('peak', { n: 'i32' }, ['f32'], ({ n }, local) => {
    const m = local('v128'),
      c = local('v128');
    const acc = Array.from({ length: CHAINS }, () => local('v128'));
    const multiplies = (i: number): boolean => i % 2 === 0;
    // One lane of the sum of all chains is returned, so that none of them is dead code.
    const sum = acc.slice(1).reduce<Code>((s, x) => F32x4.add(s, get(x)), get(acc[0]));
    return [
      set(m, splat(0.999999)),
      set(c, splat(0.001)),
      ...acc.map((x, i) => set(x, splat(multiplies(i) ? 1e30 : 1))),
      if_(I32.gt_s(get(n), I32.const(0)), [
        loop(
          ...acc.map((x, i) => set(x, multiplies(i) ? F32x4.mul(get(x), get(m)) : F32x4.add(get(x), get(c)))),
          bump(n, I32.const(-1)),
          br_if(0, get(n)),
        ),
      ]),
      F32x4.extract_lane(sum, 0),
    ];
  });
  const memory = new WebAssemblyApi.Memory({ initial: 1, maximum: 1, shared: true });
  const instance = new WebAssemblyApi.Instance(new WebAssemblyApi.Module(mb.bytes({ minPages: 1, maxPages: 1 })), { env: { memory } });
  const peak = instance.exports.peak as (n: number) => number;
  return () => peak(PEAK_ITERATIONS);
}
