// The micro-kernel: one 4×8 tile of C from a panel of A and a strip of B, k steps deep.
//
//   acc[r][h] (f32x4) holds C[i+r][j+4h … j+4h+3]          r = 0…3, h = 0…1
//   for each p:  a_r = A[i+r][p] broadcast to 4 lanes        (v128.load32_splat)
//                b_h = B[p][j+4h … j+4h+3]                   (two v128.load)
//                acc[r][h] += a_r · b_h                      (f32x4.mul, then f32x4.add)
//
// Eight accumulators, four broadcasts and two B vectors are 14 of the 16 SIMD registers of
// x86-64: bigger tiles spill in V8 and run slower (docs/kernels.md). The multiply and add are
// separate (not relaxed-SIMD fused), so every lane rounds exactly like the scalar
// c = c + a·b in float32, in order p = 0, 1, …: the result does not depend on the machine.
//
// Both operands are packed (pack.ts): A[i+r][p] is at a + 16p + 4r and B[p][j+c] at b + 32p + 4c
// bytes, so each step reads 48 contiguous bytes and the loop's addresses are constant offsets.
// (Reading a row-major B in place, 32 bytes per row of W, measured 10–15% slower: the strip
// then spans k cache lines, twice its packed size, and no longer stays in L1.)
//
// Then C (row stride ldc bytes) is overwritten or, with `accumulate`, added to. A tile at the
// bottom or right edge (rows < 4 or cols < its width) goes through `scratch` (32 floats), so that
// nothing outside C is touched.
//
// A narrow tile (width 4: one accumulator per row, h = 0 only) covers a last strip of at most 4
// columns — the 64→10 layer's columns 8–9 — at half the work of a full one that would compute 6
// columns of zero padding. Each lane does the same operations in the same order either way, so
// the narrow tile changes no bit of C.

import type { Code, Local } from './encode.js';
import { F32, F32x4, I32, V128, br_if, bump, forUp, get, if_, loop, select, set } from './ops.js';

/** The operands of one tile, as locals; a, b and k are used up (moved along) by the tile. */
export interface TileOperands {
  a: Local;
  b: Local;
  k: Local;
  c: Local;
  ldc: Local;
  rows: Local;
  cols: Local;
  accumulate: Local;
  scratch: Local;
}

/**
 * The tile's code, inlined into gemm's loop on gemm's locals (a call per tile measured ~5 % slower
 * on XᵀΔ and ΔWᵀ, whose k is short: 196 × 16 and 16 × 98 tiles of 64 and 128 steps). Its own
 * locals come from `local` once; the accumulators are zeroed at the start of each tile.
 */
export function tileBody(
  { a, b, k, c, ldc, rows, cols, accumulate, scratch }: TileOperands,
  local: (t: 'i32' | 'v128') => Local,
  width: 4 | 8 = 8,
): Code[] {
  const i32 = 'i32' as const;
  const R = [0, 1, 2, 3],
    H = width === 8 ? [0, 1] : [0];
  const av = R.map(() => local('v128'));
  const bv = H.map(() => local('v128'));
  const acc = R.map(() => H.map(() => local('v128')));
  const row = local(i32),
    r = local(i32),
    j = local(i32),
    src = local(i32);

  const step = [
    ...R.map((i) => set(av[i], V128.load32_splat(get(a), 4 * i))),
    ...H.map((h) => set(bv[h], V128.load(get(b), 16 * h))),
    ...R.flatMap((i) => H.map((h) => set(acc[i][h], F32x4.add(get(acc[i][h]), F32x4.mul(get(av[i]), get(bv[h])))))),
    bump(a, I32.const(16)),
    bump(b, I32.const(32)),
    bump(k, I32.const(-1)),
  ];
  // (Unrolling this loop by 2 or 4 measured slower in V8: more live values than registers. So did
  // broadcasting A from one vector load by shuffles, and ending the loop on b's address.)
  const kLoop = if_(I32.gt_s(get(k), I32.const(0)), [loop(...step, br_if(0, get(k)))]);

  // Full tile: straight from the accumulators into C, one row of two vectors at a time.
  const storeRows = (value: (i: number, h: number) => Code): Code[] => [
    set(row, get(c)),
    ...R.flatMap((i) => [...H.map((h) => V128.store(get(row), value(i, h), 16 * h)), bump(row, get(ldc))]),
  ];
  const full = if_(
    get(accumulate),
    storeRows((i, h) => F32x4.add(V128.load(get(row), 16 * h), get(acc[i][h]))),
    storeRows((i, h) => get(acc[i][h])),
  );

  // Edge tile: park the accumulators in scratch, then copy the rows × cols that exist.
  const edge = [
    ...R.flatMap((i) => H.map((h) => V128.store(get(scratch), get(acc[i][h]), 32 * i + 16 * h))),
    forUp(
      r,
      I32.const(0),
      get(rows),
      I32.const(1),
      set(row, I32.add(get(c), I32.mul(get(r), get(ldc)))),
      set(src, I32.add(get(scratch), I32.mul(get(r), I32.const(32)))),
      forUp(
        j,
        I32.const(0),
        get(cols),
        I32.const(1),
        F32.store(get(row), select(F32.add(F32.load(get(row)), F32.load(get(src))), F32.load(get(src)), get(accumulate))),
        bump(row, I32.const(4)),
        bump(src, I32.const(4)),
      ),
    ),
  ];

  return [
    ...acc.flat().map((x) => set(x, F32x4.splat(F32.const0()))),
    kLoop,
    if_(I32.and(I32.eq(get(rows), I32.const(4)), I32.eq(get(cols), I32.const(width))), [full], edge),
  ];
}
