// The general matrix product C (=|+=) op(A)·op(B), with op(A) m×k and op(B) k×n, covered by
// 4×8 tiles (tile.ts, whose code is inlined here; a last strip of at most 4 columns by 4×4 ones):
//
//   pack A into panels of 4 rows                      (ap: reused by every strip, stays in L2)
//   for each strip of 8 columns j0
//     pack the strip of B                              (bp: k·8 floats, hot in L1 while used)
//     for each panel of 4 rows i0
//       C[i0…i0+3][j0…j0+7] (=|+=) A panel · B strip
//
// transA = 1 reads A as k×m (op(A) = Aᵀ), transB = 1 reads B as n×k (op(B) = Bᵀ); packing
// (pack.ts) hides the difference and pads the last panel and strip with zeros, so every tile
// is a full 4×8 in the inner loop. Packed panel i0 of A lives at ap + 4·i0·k bytes.
//
// accumulate = 0 overwrites C (also when k = 0, which leaves zeros), 1 adds to it. ap, bp and
// scratch are work areas of ⌈m/4⌉·4·k, 8·k and 32 floats.
//
// Only the strips j0 = jFrom, jFrom + 8, … below jTo are computed (jFrom a multiple of 8; the whole
// product is jFrom = 0, jTo = n), and A is packed first only if packA = 1 (else ap already holds
// it): two threads can split C by columns and share one packing of A. Every element of C is
// computed by the same operations in the same order whichever strips a call covers.

import type { Code, Func, ModuleBuilder } from './encode.js';
import { I32, call, forUp, get, if_, minI32, select, set } from './ops.js';
import { tileBody } from './tile.js';

export function defineGemm(mb: ModuleBuilder, packAFn: Func, packB: Func): Func {
  const i32 = 'i32' as const;
  return mb.func(
    'gemm',
    {
      a: i32,
      b: i32,
      c: i32,
      m: i32,
      k: i32,
      n: i32,
      transA: i32,
      transB: i32,
      accumulate: i32,
      ap: i32,
      bp: i32,
      scratch: i32,
      jFrom: i32,
      jTo: i32,
      packA: i32,
    },
    [],
    ({ a, b, c, m, k, n, transA, transB, accumulate, ap, bp, scratch, jFrom, jTo, packA }, local) => {
      const i0 = local(i32),
        j0 = local(i32),
        rowsLeft = local(i32),
        colsLeft = local(i32);
      // The operands of the tile at (i0, j0): panel i0 of A, the strip of B, C's corner (tile.ts).
      const t = {
        a: local(i32),
        b: local(i32),
        k: local(i32),
        c: local(i32),
        ldc: local(i32),
        rows: local(i32),
        cols: local(i32),
        accumulate,
        scratch,
      };
      const tileCode = tileBody(t, local),
        narrowTileCode = tileBody(t, local, 4);
      const one = I32.const(1),
        four = I32.const(4),
        eight = I32.const(8);
      const bytes = (x: Code): Code => I32.shl(x, I32.const(2));
      return [
        // op(A)[i][p] is A[i·k + p], or A[p·m + i] transposed; op(B)[p][j] is B[p·n + j] or B[j·k + p].
        if_(get(packA), [
          call(packAFn, get(a), get(ap), get(m), get(k), select(one, get(k), get(transA)), select(get(m), one, get(transA))),
        ]),
        forUp(
          j0,
          get(jFrom),
          get(jTo),
          eight,
          set(colsLeft, I32.sub(get(n), get(j0))),
          call(
            packB,
            I32.add(get(b), bytes(select(I32.mul(get(j0), get(k)), get(j0), get(transB)))),
            get(bp),
            minI32(eight, get(colsLeft)),
            get(k),
            select(get(k), one, get(transB)),
            select(one, get(n), get(transB)),
          ),
          forUp(
            i0,
            I32.const(0),
            get(m),
            four,
            set(rowsLeft, I32.sub(get(m), get(i0))),
            set(t.a, I32.add(get(ap), bytes(I32.mul(get(i0), get(k))))),
            set(t.b, get(bp)),
            set(t.k, get(k)),
            set(t.c, I32.add(get(c), bytes(I32.add(I32.mul(get(i0), get(n)), get(j0))))),
            set(t.ldc, bytes(get(n))),
            set(t.rows, minI32(four, get(rowsLeft))),
            set(t.cols, minI32(eight, get(colsLeft))),
            if_(I32.gt_s(get(t.cols), four), tileCode, narrowTileCode),
          ),
        ),
      ];
    },
  );
}
