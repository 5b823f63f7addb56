// WebAssembly instructions in folded form: each helper takes its operands as already-encoded
// expressions and returns the bytes that push them and then apply the instruction, so
// `F32x4.add(get(c), F32x4.mul(get(a), get(b)))` is the text format's
// `(f32x4.add (local.get $c) (f32x4.mul (local.get $a) (local.get $b)))`.
// Opcodes are from the core spec (§5.4); SIMD instructions are 0xfd followed by a LEB128 opcode.
// Addresses are byte offsets into the memory; `offset` is the instruction's constant offset.

import { s32, u32, type Code, type Func, type Local } from './encode.js';

// (Code nests: `[a, b, 0x6a]` is a's bytes, then b's, then the opcode; see encode.ts.)
const op =
  (opcode: number) =>
  (...args: Code[]): Code => [args, opcode];
const simd =
  (opcode: number) =>
  (...args: Code[]): Code => [args, 0xfd, u32(opcode)];
const memarg = (align: number, offset: number): Code => [u32(align), u32(offset)];

export const get = (l: Local): Code => [0x20, u32(l.index)];
export const set = (l: Local, value: Code): Code => [value, 0x21, u32(l.index)];
export const call = (f: Func, ...args: Code[]): Code => [args, 0x10, u32(f.index)];
/** `cond ? a : b` for values of any one type, both evaluated (never a load that could fault). */
export const select = (a: Code, b: Code, cond: Code): Code => [a, b, cond, 0x1b];

export const I32 = {
  const: (n: number): Code => [0x41, s32(n)],
  eqz: op(0x45),
  eq: op(0x46),
  ne: op(0x47),
  lt_s: op(0x48),
  gt_s: op(0x4a),
  le_s: op(0x4c),
  ge_s: op(0x4e),
  add: op(0x6a),
  sub: op(0x6b),
  mul: op(0x6c),
  and: op(0x71),
  shl: op(0x74),
  shr_u: op(0x76),
  load: (addr: Code, offset = 0): Code => [addr, 0x28, memarg(2, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [addr, value, 0x36, memarg(2, offset)],
  /** One byte, zero-extended. */
  load8_u: (addr: Code, offset = 0): Code => [addr, 0x2d, memarg(0, offset)],
};

export const F32 = {
  const0: (): Code => [0x43, 0, 0, 0, 0],
  /** x rounded to f32. */
  const: (x: number): Code => [0x43, [...new Uint8Array(Float32Array.of(x).buffer)]],
  load: (addr: Code, offset = 0): Code => [addr, 0x2a, memarg(2, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [addr, value, 0x38, memarg(2, offset)],
  ne: op(0x5c),
  gt: op(0x5e),
  sqrt: op(0x91),
  add: op(0x92),
  sub: op(0x93),
  mul: op(0x94),
  div: op(0x95),
  /** An unsigned i32 to the nearest f32. */
  convert_i32_u: op(0xb3),
};

export const F64 = {
  add: op(0xa0),
  mul: op(0xa2),
  /** The f32 value exactly, as an f64. */
  promote_f32: op(0xbb),
};

export const V128 = {
  load: (addr: Code, offset = 0): Code => [addr, 0xfd, u32(0x00), memarg(4, offset)],
  /** Loads one f32 and copies it into all four lanes: the broadcast of an A value. */
  load32_splat: (addr: Code, offset = 0): Code => [addr, 0xfd, u32(0x09), memarg(2, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [addr, value, 0xfd, u32(0x0b), memarg(4, offset)],
  /** Lanes picked by byte index from the 32 bytes of a and b (0–15 from a, 16–31 from b). */
  shuffle: (a: Code, b: Code, lanes: readonly number[]): Code => [a, b, 0xfd, u32(0x0d), lanes],
  and: simd(0x4e),
  /** 1 if any bit of the 128 is set, else 0. */
  any_true: simd(0x53),
};

/** Widening of unsigned lanes: the low or high half of the lanes, each zero-extended to twice its width. */
export const I16x8 = {
  extend_low_i8x16_u: simd(0x89),
  extend_high_i8x16_u: simd(0x8a),
};

export const I32x4 = {
  extend_low_i16x8_u: simd(0xa9),
  extend_high_i16x8_u: simd(0xaa),
};

export const F32x4 = {
  splat: simd(0x13),
  /** Signed i32 lanes to the nearest f32 (exact for |x| < 2²⁴). */
  convert_i32x4_s: simd(0xfa),
  /** One lane (0–3) as an f32. */
  extract_lane: (a: Code, lane: number): Code => [a, 0xfd, u32(0x1f), lane],
  /** Lane masks: all ones where a > b, else zeros. */
  gt: simd(0x44),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  /** b where a < b, else a — unlike max, never NaN from b. */
  pmax: simd(0xeb),
};

export const F64x2 = {
  /** One lane (0 or 1) as an f64. */
  extract_lane: (a: Code, lane: number): Code => [a, 0xfd, u32(0x21), lane],
  /** The two low f32 lanes, exactly, as two f64 lanes. */
  promote_low_f32x4: simd(0x5f),
  add: simd(0xf0),
  mul: simd(0xf2),
};

// Structured control. Blocks here produce no value (block type 0x40).
export const block = (...body: Code[]): Code => [0x02, 0x40, body, 0x0b];
export const loop = (...body: Code[]): Code => [0x03, 0x40, body, 0x0b];
export const br_if = (depth: number, cond: Code): Code => [cond, 0x0d, u32(depth)];
export const if_ = (cond: Code, then: Code[], otherwise: Code[] = []): Code => [
  cond,
  0x04,
  0x40,
  then,
  otherwise.length > 0 ? [0x05, otherwise] : [],
  0x0b,
];

/**
 * `for (i = from; i < to; i += step) body` with signed compares. `to` is re-evaluated each time,
 * so pass a local or a constant. The body must not branch out (its depths would be off by two).
 */
export function forUp(i: Local, from: Code, to: Code, step: Code, ...body: Code[]): Code {
  return [
    set(i, from),
    block(br_if(0, I32.ge_s(get(i), to)), loop(...body, set(i, I32.add(get(i), step)), br_if(0, I32.lt_s(get(i), to)))),
  ];
}

/** local += by, for an i32 local: the pointer and counter bumps of the loops. */
export const bump = (l: Local, by: Code): Code => set(l, I32.add(get(l), by));

/** min of two signed i32 expressions; each is evaluated twice, so pass locals or constants. */
export const minI32 = (a: Code, b: Code): Code => select(a, b, I32.lt_s(a, b));
