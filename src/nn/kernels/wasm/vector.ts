// The elementwise and row operations around the products, four lanes at a time:
//   axpy          y += α·x                 the SGD update θ += (−η)·∂L/∂θ
//   zero          x = 0                    the gradients, before the next batch accumulates
//   addRowVector  Y[r] += b  (rows r)      the bias of a Linear layer
//   sumRows       s += Σ_r Y[r]            its gradient, accumulated
//   relu          Y = X > 0 ? X : 0        (f32x4.pmax(0, X), exactly this; NaN gives 0)
//   reluBackward  dX = Y > 0 ? dY : 0      (dY masked by the comparison)
//   lookupBytes   X[i] = table[bytes[i]]   the pixels of a batch as floats (a 256-entry table)
//   divideBytes   X[i] = bytes[i] / d      the same for the default table b / 255, in SIMD
//   momentumStep  SGD with momentum, weight decay and Nesterov (formulas in ../../optim/sgd.ts)
//   adamStep      Adam and AdamW (formulas in ../../optim/adam.ts)
//   sumSquares    Σ x², in float64          the gradient norm, for clipping
//   scale         x = α·x                  the gradients, clipped
// In JavaScript these loops are scalar (V8 does not vectorise them) and were a sizeable share of a
// training step of the 784-128-64-10 network; and Float32Array.prototype.fill on the arena's
// shared memory takes V8's slow element-wise path. Each lane does the
// same float32 operation as the reference loop, so all but axpy and the optimizer updates give
// bit-identical results (those round after each float32 operation, the reference after a float64
// expression; sumSquares adds in another order).
// Pointers are byte addresses; the last n mod 4 floats of each run take a scalar loop.

import type { Code, Local, ModuleBuilder } from './encode.js';
import { F32, F32x4, F64, F64x2, I16x8, I32, I32x4, V128, bump, forUp, get, if_, select, set } from './ops.js';

/** Walk p over the floats of [p, end): four at a time while four remain, then one at a time. */
function overFloats(p: Local, end: Local, vector: Code[], scalar: Code[]): Code[] {
  return [
    forUp(p, get(p), I32.sub(get(end), I32.const(15)), I32.const(16), ...vector),
    forUp(p, get(p), get(end), I32.const(4), ...scalar),
  ];
}

const endOf = (end: Local, p: Local, n: Local): Code => set(end, I32.add(get(p), I32.shl(get(n), I32.const(2))));
const step = (by: number, ...ps: Local[]): Code[] => ps.map((p) => bump(p, I32.const(by)));

/** The float32 arithmetic of a formula, four lanes at a time or one float, so it is written once. */
interface Lanes {
  load(addr: Code): Code;
  store(addr: Code, value: Code): Code;
  add(a: Code, b: Code): Code;
  sub(a: Code, b: Code): Code;
  mul(a: Code, b: Code): Code;
  div(a: Code, b: Code): Code;
  sqrt(a: Code): Code;
  /** An f32 parameter of the function, in every lane. */
  k(scalar: Local): Code;
  /** Temporary i: a local of this width (v128 or f32). */
  tmp(i: number): Local;
}

/**
 * `body` over the first n floats from `walk` (each in the 16-byte lanes, then the last n mod 4
 * one by one), moving the pointers `others` along with it. The f32 `scalars` are splatted once.
 */
function lanewise(
  local: (t: 'i32' | 'f32' | 'v128') => Local,
  walk: Local,
  others: Local[],
  n: Local,
  scalars: Local[],
  body: (L: Lanes) => Code[],
): Code[] {
  const end = local('i32');
  const splats = scalars.map(() => local('v128'));
  const vectors: Local[] = [],
    floats: Local[] = [];
  const four: Lanes = {
    load: (a) => V128.load(a),
    store: (a, v) => V128.store(a, v),
    add: F32x4.add,
    sub: F32x4.sub,
    mul: F32x4.mul,
    div: F32x4.div,
    sqrt: F32x4.sqrt,
    k: (x) => get(splats[scalars.indexOf(x)]),
    tmp: (i) => (vectors[i] ??= local('v128')),
  };
  const one: Lanes = {
    load: (a) => F32.load(a),
    store: (a, v) => F32.store(a, v),
    add: F32.add,
    sub: F32.sub,
    mul: F32.mul,
    div: F32.div,
    sqrt: F32.sqrt,
    k: (x) => get(x),
    tmp: (i) => (floats[i] ??= local('f32')),
  };
  return [
    ...scalars.map((x, i) => set(splats[i], F32x4.splat(get(x)))),
    endOf(end, walk, n),
    ...overFloats(walk, end, [...body(four), ...step(16, ...others)], [...body(one), ...step(4, ...others)]),
  ];
}

export function defineVectorOps(mb: ModuleBuilder): void {
  const i32 = 'i32' as const;
  mb.func('axpy', { alpha: 'f32', x: i32, y: i32, n: i32 }, [], ({ alpha, x, y, n }, local) => {
    const a4 = local('v128'),
      end = local(i32);
    return [
      set(a4, F32x4.splat(get(alpha))),
      endOf(end, y, n),
      ...overFloats(
        y,
        end,
        [V128.store(get(y), F32x4.add(V128.load(get(y)), F32x4.mul(get(a4), V128.load(get(x))))), ...step(16, x)],
        [F32.store(get(y), F32.add(F32.load(get(y)), F32.mul(get(alpha), F32.load(get(x))))), ...step(4, x)],
      ),
    ];
  });

  mb.func('zero', { x: i32, n: i32 }, [], ({ x, n }, local) => {
    const end = local(i32),
      zero = local('v128'); // locals start at zero
    return [endOf(end, x, n), ...overFloats(x, end, [V128.store(get(x), get(zero))], [F32.store(get(x), F32.const0())])];
  });

  mb.func('addRowVector', { b: i32, y: i32, rows: i32, n: i32 }, [], ({ b, y, rows, n }, local) => {
    const r = local(i32),
      bp = local(i32),
      end = local(i32);
    return [
      forUp(
        r,
        I32.const(0),
        get(rows),
        I32.const(1),
        set(bp, get(b)),
        endOf(end, y, n),
        ...overFloats(
          y,
          end,
          [V128.store(get(y), F32x4.add(V128.load(get(y)), V128.load(get(bp)))), ...step(16, bp)],
          [F32.store(get(y), F32.add(F32.load(get(y)), F32.load(get(bp)))), ...step(4, bp)],
        ),
      ),
    ];
  });

  mb.func('sumRows', { y: i32, s: i32, rows: i32, n: i32 }, [], ({ y, s, rows, n }, local) => {
    const r = local(i32),
      sp = local(i32),
      end = local(i32); // rows are contiguous: y runs on
    return [
      forUp(
        r,
        I32.const(0),
        get(rows),
        I32.const(1),
        set(sp, get(s)),
        endOf(end, sp, n),
        ...overFloats(
          sp,
          end,
          [V128.store(get(sp), F32x4.add(V128.load(get(sp)), V128.load(get(y)))), ...step(16, y)],
          [F32.store(get(sp), F32.add(F32.load(get(sp)), F32.load(get(y)))), ...step(4, y)],
        ),
      ),
    ];
  });

  mb.func('relu', { x: i32, y: i32, n: i32 }, [], ({ x, y, n }, local) => {
    const end = local(i32),
      zero = local('v128');
    return [
      endOf(end, y, n),
      ...overFloats(
        y,
        end,
        [V128.store(get(y), F32x4.pmax(get(zero), V128.load(get(x)))), ...step(16, x)],
        [F32.store(get(y), select(F32.load(get(x)), F32.const0(), F32.gt(F32.load(get(x)), F32.const0()))), ...step(4, x)],
      ),
    ];
  });

  // Four bytes per round while four remain: load, scale the index to a byte offset, look up.
  mb.func('lookupBytes', { src: i32, table: i32, dst: i32, n: i32 }, [], ({ src, table, dst, n }, local) => {
    const end = local(i32);
    const one = (offset: number): Code =>
      F32.store(get(dst), F32.load(I32.add(get(table), I32.shl(I32.load8_u(get(src), offset), I32.const(2)))), 4 * offset);
    return [
      set(end, I32.add(get(src), get(n))),
      forUp(src, get(src), I32.sub(get(end), I32.const(3)), I32.const(4), one(0), one(1), one(2), one(3), bump(dst, I32.const(16))),
      forUp(src, get(src), get(end), I32.const(1), one(0), bump(dst, I32.const(4))),
    ];
  });

  // X[i] = bytes[i] / d in float32, sixteen bytes at a time: each is widened to an i32, converted
  // exactly and divided (one correctly rounded division), so for d = 255 every value is the scale
  // table's b / 255 (test/nn/kernels.test.ts checks all 256) at a fraction of the lookup's cost.
  mb.func('divideBytes', { src: i32, d: 'f32', dst: i32, n: i32 }, [], ({ src, d, dst, n }, local) => {
    const end = local(i32),
      d4 = local('v128'),
      bytes = local('v128'),
      half = local('v128');
    const quarter = (i32x4: Code, offset: number): Code => V128.store(get(dst), F32x4.div(F32x4.convert_i32x4_s(i32x4), get(d4)), offset);
    return [
      set(d4, F32x4.splat(get(d))),
      set(end, I32.add(get(src), get(n))),
      forUp(
        src,
        get(src),
        I32.sub(get(end), I32.const(15)),
        I32.const(16),
        set(bytes, V128.load(get(src))),
        set(half, I16x8.extend_low_i8x16_u(get(bytes))),
        quarter(I32x4.extend_low_i16x8_u(get(half)), 0),
        quarter(I32x4.extend_high_i16x8_u(get(half)), 16),
        set(half, I16x8.extend_high_i8x16_u(get(bytes))),
        quarter(I32x4.extend_low_i16x8_u(get(half)), 32),
        quarter(I32x4.extend_high_i16x8_u(get(half)), 48),
        bump(dst, I32.const(64)),
      ),
      forUp(
        src,
        get(src),
        get(end),
        I32.const(1),
        F32.store(get(dst), F32.div(F32.convert_i32_u(I32.load8_u(get(src))), get(d))),
        bump(dst, I32.const(4)),
      ),
    ];
  });

  mb.func('reluBackward', { y: i32, dy: i32, dx: i32, n: i32 }, [], ({ y, dy, dx, n }, local) => {
    const end = local(i32),
      zero = local('v128');
    return [
      endOf(end, dx, n),
      ...overFloats(
        dx,
        end,
        [V128.store(get(dx), V128.and(V128.load(get(dy)), F32x4.gt(V128.load(get(y)), get(zero)))), ...step(16, y, dy)],
        [F32.store(get(dx), select(F32.load(get(dy)), F32.const0(), F32.gt(F32.load(get(y)), F32.const0()))), ...step(4, y, dy)],
      ),
    ];
  });

  // g' = g + λθ;  v ← μv + g';  θ ← θ − lr·v, or with Nesterov θ ← θ − lr·(g' + μv).
  // Values read twice are held in locals: V8 reloads memory after every store (the optimizer
  // updates run ~1.5× slower when θ and v are read back).
  mb.func(
    'momentumStep',
    { lr: 'f32', mu: 'f32', wd: 'f32', nesterov: i32, g: i32, v: i32, theta: i32, n: i32 },
    [],
    ({ lr, mu, wd, nesterov, g, v, theta, n }, local) => {
      const update = (nest: boolean) =>
        lanewise(local, theta, [g, v], n, [lr, mu, wd], (L) => {
          const th = L.tmp(0),
            gp = L.tmp(1),
            vNew = L.tmp(2);
          const direction = nest ? L.add(get(gp), L.mul(L.k(mu), get(vNew))) : get(vNew);
          return [
            set(th, L.load(get(theta))),
            set(gp, L.add(L.load(get(g)), L.mul(L.k(wd), get(th)))),
            set(vNew, L.add(L.mul(L.k(mu), L.load(get(v))), get(gp))),
            L.store(get(v), get(vNew)),
            L.store(get(theta), L.sub(get(th), L.mul(L.k(lr), direction))),
          ];
        });
      return [if_(get(nesterov), update(true), update(false))];
    },
  );

  // m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← decay·θ − stepSize·m / (√v·rootCorrection + eps)
  mb.func(
    'adamStep',
    {
      decay: 'f32',
      beta1: 'f32',
      oneMinusBeta1: 'f32',
      beta2: 'f32',
      oneMinusBeta2: 'f32',
      stepSize: 'f32',
      rootCorrection: 'f32',
      eps: 'f32',
      g: i32,
      m: i32,
      v: i32,
      theta: i32,
      n: i32,
    },
    [],
    ({ decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, rootCorrection, eps, g, m, v, theta, n }, local) =>
      lanewise(local, theta, [g, m, v], n, [decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, rootCorrection, eps], (L) => {
        const gg = L.tmp(0),
          mNew = L.tmp(1),
          vNew = L.tmp(2);
        const denominator = L.add(L.mul(L.sqrt(get(vNew)), L.k(rootCorrection)), L.k(eps));
        return [
          set(gg, L.load(get(g))),
          set(mNew, L.add(L.mul(L.k(beta1), L.load(get(m))), L.mul(L.k(oneMinusBeta1), get(gg)))),
          set(vNew, L.add(L.mul(L.k(beta2), L.load(get(v))), L.mul(L.k(oneMinusBeta2), L.mul(get(gg), get(gg))))),
          L.store(get(m), get(mNew)),
          L.store(get(v), get(vNew)),
          L.store(get(theta), L.sub(L.mul(L.k(decay), L.load(get(theta))), L.mul(L.k(stepSize), L.div(get(mNew), denominator)))),
        ];
      }),
  );

  mb.func('scale', { alpha: 'f32', x: i32, n: i32 }, [], ({ alpha, x, n }, local) =>
    lanewise(local, x, [], n, [alpha], (L) => [L.store(get(x), L.mul(L.k(alpha), L.load(get(x))))]),
  );

  // Squares of float32 values are exact in float64, so only the additions round. Two f64x2
  // accumulators take the low and the high pair of each four floats.
  mb.func('sumSquares', { x: i32, n: i32 }, ['f64'], ({ x, n }, local) => {
    const end = local(i32),
      q = local('v128'),
      d = local('v128'),
      lo = local('v128'),
      hi = local('v128');
    const s = local('f64'),
      f = local('f64');
    const HIGH_PAIR = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
    return [
      endOf(end, x, n),
      ...overFloats(
        x,
        end,
        [
          set(q, V128.load(get(x))),
          set(d, F64x2.promote_low_f32x4(get(q))),
          set(lo, F64x2.add(get(lo), F64x2.mul(get(d), get(d)))),
          set(d, F64x2.promote_low_f32x4(V128.shuffle(get(q), get(q), HIGH_PAIR))),
          set(hi, F64x2.add(get(hi), F64x2.mul(get(d), get(d)))),
        ],
        [set(f, F64.promote_f32(F32.load(get(x)))), set(s, F64.add(get(s), F64.mul(get(f), get(f))))],
      ),
      set(lo, F64x2.add(get(lo), get(hi))),
      F64.add(get(s), F64.add(F64x2.extract_lane(get(lo), 0), F64x2.extract_lane(get(lo), 1))),
    ];
  });
}
