// The elementwise and row operations around the products, four lanes at a time:
//   axpy          y += α·x                 the SGD update θ += (−η)·∂L/∂θ
//   zero          x = 0                    the gradients, before the next batch accumulates
//   addRowVector  Y[r] += b  (rows r)      the bias of a Linear layer
//   sumRows       s += Σ_r Y[r]            its gradient, accumulated
//   relu          Y = X > 0 ? X : 0        (f32x4.pmax(0, X), exactly this; NaN gives 0)
//   reluBackward  dX = Y > 0 ? dY : 0      (dY masked by the comparison)
//   lookupBytes   X[i] = table[bytes[i]]   the pixels of a batch as floats (a 256-entry table)
// In JavaScript these loops cost 1.3–2 ns a float (V8 does not vectorise them), about a fifth of
// a training step of the 784-128-64-10 network; and Float32Array.prototype.fill on the arena's
// shared memory takes V8's slow element-wise path (~45 µs for 100k floats). Each lane does the
// same float32 operation as the reference loop, so all but axpy give bit-identical results.
// Pointers are byte addresses; the last n mod 4 floats of each run take a scalar loop.

import type { Code, Local, ModuleBuilder } from './encode.js';
import { F32, F32x4, I32, V128, bump, forUp, get, select, set } from './ops.js';

/** Walk p over the floats of [p, end): four at a time while four remain, then one at a time. */
function overFloats(p: Local, end: Local, vector: Code[], scalar: Code[]): Code[] {
  return [
    forUp(p, get(p), I32.sub(get(end), I32.const(15)), I32.const(16), ...vector),
    forUp(p, get(p), get(end), I32.const(4), ...scalar),
  ];
}

const endOf = (end: Local, p: Local, n: Local): Code => set(end, I32.add(get(p), I32.shl(get(n), I32.const(2))));
const step = (by: number, ...ps: Local[]): Code[] => ps.map((p) => bump(p, I32.const(by)));

export function defineVectorOps(mb: ModuleBuilder): void {
  const i32 = 'i32' as const;
  mb.func('axpy', { alpha: 'f32', x: i32, y: i32, n: i32 }, [], ({ alpha, x, y, n }, local) => {
    const a4 = local('v128'), end = local(i32);
    return [set(a4, F32x4.splat(get(alpha))), endOf(end, y, n), ...overFloats(y, end,
      [V128.store(get(y), F32x4.add(V128.load(get(y)), F32x4.mul(get(a4), V128.load(get(x))))), ...step(16, x)],
      [F32.store(get(y), F32.add(F32.load(get(y)), F32.mul(get(alpha), F32.load(get(x))))), ...step(4, x)])];
  });

  mb.func('zero', { x: i32, n: i32 }, [], ({ x, n }, local) => {
    const end = local(i32), zero = local('v128'); // locals start at zero
    return [endOf(end, x, n), ...overFloats(x, end, [V128.store(get(x), get(zero))], [F32.store(get(x), F32.const0())])];
  });

  mb.func('addRowVector', { b: i32, y: i32, rows: i32, n: i32 }, [], ({ b, y, rows, n }, local) => {
    const r = local(i32), bp = local(i32), end = local(i32);
    return [forUp(r, I32.const(0), get(rows), I32.const(1), set(bp, get(b)), endOf(end, y, n), ...overFloats(y, end,
      [V128.store(get(y), F32x4.add(V128.load(get(y)), V128.load(get(bp)))), ...step(16, bp)],
      [F32.store(get(y), F32.add(F32.load(get(y)), F32.load(get(bp)))), ...step(4, bp)]))];
  });

  mb.func('sumRows', { y: i32, s: i32, rows: i32, n: i32 }, [], ({ y, s, rows, n }, local) => {
    const r = local(i32), sp = local(i32), end = local(i32); // rows are contiguous: y runs on
    return [forUp(r, I32.const(0), get(rows), I32.const(1), set(sp, get(s)), endOf(end, sp, n), ...overFloats(sp, end,
      [V128.store(get(sp), F32x4.add(V128.load(get(sp)), V128.load(get(y)))), ...step(16, y)],
      [F32.store(get(sp), F32.add(F32.load(get(sp)), F32.load(get(y)))), ...step(4, y)]))];
  });

  mb.func('relu', { x: i32, y: i32, n: i32 }, [], ({ x, y, n }, local) => {
    const end = local(i32), zero = local('v128');
    return [endOf(end, y, n), ...overFloats(y, end,
      [V128.store(get(y), F32x4.pmax(get(zero), V128.load(get(x)))), ...step(16, x)],
      [F32.store(get(y), select(F32.load(get(x)), F32.const0(), F32.gt(F32.load(get(x)), F32.const0()))), ...step(4, x)])];
  });

  // Four bytes per round while four remain: load, scale the index to a byte offset, look up.
  mb.func('lookupBytes', { src: i32, table: i32, dst: i32, n: i32 }, [], ({ src, table, dst, n }, local) => {
    const end = local(i32);
    const one = (offset: number): Code => F32.store(get(dst),
      F32.load(I32.add(get(table), I32.shl(I32.load8_u(get(src), offset), I32.const(2)))), 4 * offset);
    return [
      set(end, I32.add(get(src), get(n))),
      forUp(src, get(src), I32.sub(get(end), I32.const(3)), I32.const(4), one(0), one(1), one(2), one(3), bump(dst, I32.const(16))),
      forUp(src, get(src), get(end), I32.const(1), one(0), bump(dst, I32.const(4))),
    ];
  });

  mb.func('reluBackward', { y: i32, dy: i32, dx: i32, n: i32 }, [], ({ y, dy, dx, n }, local) => {
    const end = local(i32), zero = local('v128');
    return [endOf(end, dx, n), ...overFloats(dx, end,
      [V128.store(get(dx), V128.and(V128.load(get(dy)), F32x4.gt(V128.load(get(y)), get(zero)))), ...step(16, y, dy)],
      [F32.store(get(dx), select(F32.load(get(dy)), F32.const0(), F32.gt(F32.load(get(y)), F32.const0()))), ...step(4, y, dy)])];
  });
}
