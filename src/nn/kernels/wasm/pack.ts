// Packing: copy W consecutive rows of op(A) (W = 4) or columns of op(B) (W = 8) into a panel
// where the W values of one k step sit side by side, so the micro-kernel reads them with one
// broadcast each (A) or two vector loads (B), whatever the source layout:
//
//   panel q (of ⌈count/W⌉), step p, lane w  ←  src[(qW + w)·sIdx + p·sK]     (0 where qW + w ≥ count)
//   stored at dst + 4·(q·k·W + p·W + w) bytes
//
// sIdx and sK are element strides: a row-major A (m×k) has sIdx = k, sK = 1; the transposed
// operands of XᵀΔ and ΔWᵀ are the same memory with the strides swapped. Padding the last panel
// with zeros lets the micro-kernel always run full 4×8 tiles; the zeros add nothing to C.
//
// Full panels have a vector path for the two layouts that occur:
//   sIdx = 1 — the W values of a step are contiguous in the source: W/4 v128 copies per step.
//   sK = 1   — each lane is a contiguous run along k: 4×4 blocks are loaded as rows and
//              transposed in registers (i8x16.shuffle), four k steps at a time.
// Anything else (the last, partial panel) takes the scalar loop. W is a constant of the
// generated function (packA, packB), so the lane loops are unrolled here in TypeScript.

import type { Code, Func, ModuleBuilder } from './encode.js';
import { F32, I32, V128, bump, forUp, get, if_, minI32, set } from './ops.js';

// Byte-lane patterns of a 4×4 transpose of f32 rows x0…x3 (f32 lanes 0–3 of a, 4–7 of b).
const f32Lanes = (lanes: number[]): number[] => lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
const LO = f32Lanes([0, 4, 1, 5]),
  HI = f32Lanes([2, 6, 3, 7]); // interleave low / high halves
const LO64 = f32Lanes([0, 1, 4, 5]),
  HI64 = f32Lanes([2, 3, 6, 7]); // pair up 64-bit halves

export function definePack(mb: ModuleBuilder, fname: string, W: 4 | 8): Func {
  const i32 = 'i32' as const;
  return mb.func(fname, { src: i32, dst: i32, count: i32, k: i32, sIdx: i32, sK: i32 }, [], ({ src, dst, count, k, sIdx, sK }, local) => {
    const q0 = local(i32),
      p = local(i32),
      w = local(i32),
      live = local(i32),
      from = local(i32),
      kStep = local(i32);
    const groups = Array.from({ length: W / 4 }, (_, g) => g); // lanes 4g … 4g+3
    const x = [0, 1, 2, 3].map(() => local('v128'));
    const t = [0, 1, 2, 3].map(() => local('v128'));
    const rowStride = local(i32); // sIdx in bytes
    const bytes = (n: Code): Code => I32.shl(n, I32.const(2));
    const c = I32.const;

    const contiguous = forUp(
      p,
      c(0),
      get(k),
      c(1),
      ...groups.map((g) => V128.store(get(dst), V128.load(get(from), 16 * g), 16 * g)),
      bump(dst, c(4 * W)),
      bump(from, get(kStep)),
    );

    // x_i = lane 4g+i at steps p…p+3; after the shuffles, step p+s of lanes 4g…4g+3 is
    // [x0[s], x1[s], x2[s], x3[s]], stored at dst + 4·(s·W + 4g).
    const lane = (g: number, i: number): Code => I32.add(get(from), I32.mul(get(rowStride), c(4 * g + i)));
    const transposeGroup = (g: number): Code[] => [
      ...x.map((xi, i) => set(xi, V128.load(lane(g, i)))),
      set(t[0], V128.shuffle(get(x[0]), get(x[1]), LO)),
      set(t[1], V128.shuffle(get(x[2]), get(x[3]), LO)),
      set(t[2], V128.shuffle(get(x[0]), get(x[1]), HI)),
      set(t[3], V128.shuffle(get(x[2]), get(x[3]), HI)),
      V128.store(get(dst), V128.shuffle(get(t[0]), get(t[1]), LO64), 4 * (0 * W + 4 * g)),
      V128.store(get(dst), V128.shuffle(get(t[0]), get(t[1]), HI64), 4 * (1 * W + 4 * g)),
      V128.store(get(dst), V128.shuffle(get(t[2]), get(t[3]), LO64), 4 * (2 * W + 4 * g)),
      V128.store(get(dst), V128.shuffle(get(t[2]), get(t[3]), HI64), 4 * (3 * W + 4 * g)),
    ];
    const transposed = [
      forUp(p, c(0), I32.sub(get(k), c(3)), c(4), ...groups.flatMap(transposeGroup), bump(dst, c(16 * W)), bump(from, c(16))),
      scalarSteps(I32.and(get(k), c(~3))), // the last k mod 4 steps
    ];

    // One value at a time from step `start` on, zeros past the last row/column.
    function scalarSteps(start: Code): Code {
      return forUp(
        p,
        start,
        get(k),
        c(1),
        forUp(
          w,
          c(0),
          c(W),
          c(1),
          if_(
            I32.lt_s(get(w), get(live)),
            [
              F32.store(
                get(dst),
                F32.load(I32.add(get(src), bytes(I32.add(I32.mul(I32.add(get(q0), get(w)), get(sIdx)), I32.mul(get(p), get(sK)))))),
              ),
            ],
            [F32.store(get(dst), F32.const0())],
          ),
          bump(dst, c(4)),
        ),
      );
    }

    const full = I32.eq(get(live), c(W));
    return [
      set(rowStride, bytes(get(sIdx))),
      set(kStep, bytes(get(sK))),
      forUp(
        q0,
        c(0),
        get(count),
        c(W),
        set(live, minI32(c(W), I32.sub(get(count), get(q0)))),
        set(from, I32.add(get(src), I32.mul(get(q0), get(rowStride)))),
        if_(
          I32.and(full, I32.eq(get(sIdx), c(1))),
          [contiguous],
          [if_(I32.and(full, I32.eq(get(sK), c(1))), transposed, [scalarSteps(c(0))])],
        ),
      ),
    ];
  });
}
