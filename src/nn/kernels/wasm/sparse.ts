// Products with a mostly-zero left operand. MNIST pixels are ~81 % zeros (Fashion-MNIST ~50 %), so
// in the first layer's XW and XᵀΔ most multiply-adds of the dense tile (tile.ts) add 0·w. Here the
// left operand is first listed by rows as (column, value) pairs of its non-zero entries, then
//
//   C[r][j] (=|+=) Σ_t val_t · B[col_t][j]       over the entries t of row r, in column order
//
// — for each row, 16 columns of C at a time in four f32x4 accumulators (then 4, then 1), each
// entry a broadcast of its value and four vector loads of a row of B. On MNIST's first layer it
// skips most of the dense tile's work (bench/sparse.ts times both paths).
// (Measured no faster: two rows at a time — entries for the columns where either is non-zero,
// each loaded row of B serving eight accumulators. Two MNIST images' non-zeros together are 1.5×
// one image's, and on XW each entry's loads of W miss L1 whatever the order of the loops. Also no
// faster: two entries per loop iteration; and slower: 32 columns in eight accumulators, which
// V8 spills to memory. Each accumulator's additions form one
// chain, so a row's 16 columns advance by one entry per float-add latency at best; splitting a
// chain in two would change the order of the sum, and the bits.)
//
// Same result, bit for bit, as the dense gemm: there every element is 0 + a₀b₀ + a₁b₁ + … in order
// of p, with separate multiply and add; here the same sum without the terms whose a is ±0. Adding
// a ±0 product leaves a float32 sum unchanged (an accumulator that starts at +0 never becomes −0:
// x + (−x) rounds to +0), so skipping those terms changes nothing — unless B holds an infinity or
// NaN where A is zero (0·∞ is NaN in the dense sum), which only a diverged run produces.
//
//   compressRows   the entries of a rows×cols matrix by rows: start[r] … start[r+1] index the
//                  8-byte (col i32, val f32) pairs of row r. Gives up (−1) past `limit` entries, so
//                  a dense operand costs only part of one scan before the dense path takes it.
//   transposeRows  the same entries listed by columns (a counting sort): Xᵀ's rows, for XᵀΔ.
//   spmm           the product above; B row-major with row stride ldb bytes, C with ldc.
//
// The scan reads four floats at a time and looks at single values only when one is non-zero
// (v128.any_true; a −0 is then skipped by the scalar compare).

import type { Code, Local, ModuleBuilder } from './encode.js';
import { F32, F32x4, I32, V128, bump, forUp, get, if_, select, set } from './ops.js';

const i32 = 'i32' as const;
const c = I32.const;
const ENTRY = 8; // bytes of one (col, val) pair
const RETURN = 0x0f;

export function defineSparse(mb: ModuleBuilder): void {
  mb.func(
    'compressRows',
    { x: i32, rows: i32, cols: i32, limit: i32, start: i32, entries: i32 },
    [i32],
    ({ x, rows, cols, limit, start, entries }, local) => {
      const r = local(i32),
        p = local(i32),
        nnz = local(i32),
        e = local(i32),
        v = local('f32'),
        colsDown4 = local(i32);
      // The float at x + 4·lane (column `col`) is written as the next entry, which is kept — e moves
      // on — only if it is not ±0: no branch on the value, whose pattern a predictor cannot learn.
      const visit = (lane: number, col: Code): Code[] => [
        set(v, F32.load(get(x), 4 * lane)),
        I32.store(get(e), col),
        F32.store(get(e), get(v), 4),
        bump(e, I32.shl(F32.ne(get(v), F32.const0()), c(3))),
      ];
      const startOf = (i: Code): Code => I32.add(get(start), I32.shl(i, c(2)));
      return [
        set(e, get(entries)),
        set(colsDown4, I32.and(get(cols), c(~3))),
        I32.store(get(start), c(0)),
        forUp(
          r,
          c(0),
          get(rows),
          c(1),
          forUp(
            p,
            c(0),
            get(colsDown4),
            c(4),
            if_(
              V128.any_true(V128.load(get(x))),
              [0, 1, 2, 3].flatMap((l) => visit(l, I32.add(get(p), c(l)))),
            ),
            bump(x, c(16)),
          ),
          forUp(p, get(colsDown4), get(cols), c(1), ...visit(0, get(p)), bump(x, c(4))),
          // Checked once a row: the area holds limit + cols + 1 entries.
          set(nnz, I32.shr_u(I32.sub(get(e), get(entries)), c(3))),
          if_(I32.gt_s(get(nnz), get(limit)), [c(-1), [RETURN]]),
          I32.store(startOf(I32.add(get(r), c(1))), get(nnz)),
        ),
        get(nnz),
      ];
    },
  );

  // A counting sort by column. Each column's entries are counted into tStart[col + 1]; the exclusive
  // prefix sum over tStart then leaves in tStart[col + 1] where column col begins; placing the
  // entries (rows in order, so each column lists its rows in order) moves tStart[col + 1] on to
  // the end of column col, which is where column col + 1 begins: tStart ends up right.
  mb.func(
    'transposeRows',
    { start: i32, entries: i32, rows: i32, cols: i32, tStart: i32, tEntries: i32 },
    [],
    ({ start, entries, rows, cols, tStart, tEntries }, local) => {
      const r = local(i32),
        t = local(i32),
        to = local(i32),
        slot = local(i32),
        j = local(i32);
      const sum = local(i32),
        count = local(i32);
      const at = (base: Local, i: Code): Code => I32.add(get(base), I32.shl(i, c(2)));
      const entry = (i: Code): Code => I32.add(get(entries), I32.shl(i, c(3)));
      const slotAfterColumnOf = (i: Code): Code => at(tStart, I32.add(I32.load(entry(i)), c(1)));
      return [
        forUp(j, c(0), I32.add(get(cols), c(1)), c(1), I32.store(at(tStart, get(j)), c(0))),
        set(to, I32.load(at(start, get(rows)))),
        forUp(t, c(0), get(to), c(1), set(slot, slotAfterColumnOf(get(t))), I32.store(get(slot), I32.add(I32.load(get(slot)), c(1)))),
        forUp(
          j,
          c(0),
          I32.add(get(cols), c(1)),
          c(1),
          set(count, I32.load(at(tStart, get(j)))),
          I32.store(at(tStart, get(j)), get(sum)),
          bump(sum, get(count)),
        ),
        forUp(
          r,
          c(0),
          get(rows),
          c(1),
          forUp(
            t,
            I32.load(at(start, get(r))),
            I32.load(at(start, I32.add(get(r), c(1)))),
            c(1),
            set(slot, slotAfterColumnOf(get(t))),
            set(to, I32.add(get(tEntries), I32.shl(I32.load(get(slot)), c(3)))),
            I32.store(get(to), get(r)),
            F32.store(get(to), F32.load(entry(get(t)), 4), 4),
            I32.store(get(slot), I32.add(I32.load(get(slot)), c(1))),
          ),
        ),
      ];
    },
  );

  // Row by row; in a row, 16 columns at a time (four accumulators: with more, V8 keeps the loaded
  // rows of B and the accumulators in more than the 15 free SIMD registers and spills one, which
  // measured slower), then 4, then one at a time.
  mb.func(
    'spmm',
    { start: i32, entries: i32, rows: i32, b: i32, ldb: i32, n: i32, cOut: i32, ldc: i32, accumulate: i32 },
    [],
    ({ start, entries, rows, b, ldb, n, cOut, ldc, accumulate }, local) => {
      const r = local(i32),
        j = local(i32),
        e = local(i32),
        eEnd = local(i32),
        w = local(i32),
        row = local(i32);
      const nBytes = local(i32),
        a = local('v128'),
        s = local('f32');
      const acc = [0, 1, 2, 3].map(() => local('v128'));

      const rowEntries = (i: Code): Code => I32.add(get(entries), I32.shl(I32.load(I32.add(get(start), I32.shl(i, c(2)))), c(3)));
      const bRow = I32.add(I32.add(get(b), I32.mul(I32.load(get(e)), get(ldb))), get(j)); // B[col_t], from column j
      const cAt = I32.add(get(row), get(j));
      // C (=|+=) the sum, as the dense tile stores it: C + sum when accumulating.
      const stored = (sum: Code, load: Code, add: (x: Code, y: Code) => Code): Code => select(add(load, sum), sum, get(accumulate));

      // Columns [j, j + 4·count) of row r: the entries' rows of B, weighted, summed in `count` f32x4.
      const vectors = (count: number): Code[] => [
        ...acc.slice(0, count).map((x) => set(x, F32x4.splat(F32.const0()))),
        forUp(
          e,
          rowEntries(get(r)),
          get(eEnd),
          c(ENTRY),
          set(a, V128.load32_splat(get(e), 4)),
          set(w, bRow),
          ...acc.slice(0, count).map((x, h) => set(x, F32x4.add(get(x), F32x4.mul(get(a), V128.load(get(w), 16 * h))))),
        ),
        ...acc.slice(0, count).map((x, h) => V128.store(cAt, stored(get(x), V128.load(cAt, 16 * h), F32x4.add), 16 * h)),
      ];
      const scalar: Code[] = [
        set(s, F32.const0()),
        forUp(e, rowEntries(get(r)), get(eEnd), c(ENTRY), set(s, F32.add(get(s), F32.mul(F32.load(get(e), 4), F32.load(bRow))))),
        F32.store(cAt, stored(get(s), F32.load(cAt), F32.add)),
      ];
      const columns = (floats: number, body: Code[]): Code =>
        forUp(j, get(j), I32.sub(get(nBytes), c(4 * floats - 1)), c(4 * floats), ...body);

      return [
        set(nBytes, I32.shl(get(n), c(2))),
        forUp(
          r,
          c(0),
          get(rows),
          c(1),
          set(row, I32.add(get(cOut), I32.mul(get(r), get(ldc)))),
          set(eEnd, rowEntries(I32.add(get(r), c(1)))),
          set(j, c(0)),
          columns(16, vectors(4)),
          columns(4, vectors(1)),
          columns(1, scalar),
        ),
      ];
    },
  );
}
