// A minimal WebAssembly binary encoder: just what the kernels need (one imported shared memory,
// functions with i32/f32/f64/v128 values, exports). The kernels are written in TypeScript with the
// instruction helpers of ops.ts and turned into module bytes here, at import time: no build step,
// no binary in the repository, and the kernel source reads like WebAssembly's folded text format.
//
// Binary layout (WebAssembly core spec §5): magic, version, then sections in order —
//   1 type (function signatures), 2 import (the memory), 3 function (signature of each body),
//   7 export (by name), 10 code (locals and instructions of each body).
// Integers are LEB128: unsigned for sizes and indices, signed for i32.const.

export type ValType = 'i32' | 'f32' | 'f64' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/**
 * Encoded instruction bytes, possibly nested: instructions compose by concatenation, and nesting
 * stands for it — `[a, b]` is a's bytes then b's. A function body is flattened once, when it is
 * added to the module; building each instruction by copying its operands' bytes made every nested
 * loop copy its whole body again, a cost every worker thread paid at start-up.
 */
export type Code = readonly (number | Code)[];

/** The bytes of code, in order. */
export function flatten(code: Code): number[] {
  const out: number[] = [];
  const walk = (c: Code): void => {
    for (const x of c) {
      if (typeof x === 'number') out.push(x);
      else walk(x);
    }
  };
  walk(code);
  return out;
}

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function s32(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function valtype(t: ValType): number {
  return VALTYPE[t];
}

function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...u32(bytes.length), ...bytes];
}

function section(id: number, content: number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

/** A local variable (parameters are the first locals) of the function being built. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

/** A function of the module; `index` is what `call` refers to. */
export interface Func {
  readonly name: string;
  readonly index: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[]; // beyond the parameters
  readonly body: readonly number[];
}

export type Params<P extends Record<string, ValType>> = { readonly [K in keyof P]: Local };

/**
 * Collects functions in index order. `func` names the parameters; the body callback receives
 * them as locals and a `local(type)` maker for further locals (zero-initialised on every call).
 */
export class ModuleBuilder {
  private readonly funcs: Func[] = [];

  func<P extends Record<string, ValType>>(
    fname: string,
    params: P,
    results: ValType[],
    build: (p: Params<P>, local: (t: ValType) => Local) => Code[],
  ): Func {
    const paramTypes = Object.values(params);
    const locals: ValType[] = [];
    const named = Object.fromEntries(Object.entries(params).map(([k, t], i) => [k, { index: i, type: t }])) as Params<P>;
    const local = (t: ValType): Local => {
      locals.push(t);
      return { index: paramTypes.length + locals.length - 1, type: t };
    };
    const body = flatten(build(named, local));
    const f: Func = { name: fname, index: this.funcs.length, params: paramTypes, results, locals, body };
    this.funcs.push(f);
    return f;
  }

  /** The module bytes: every function exported under its name, memory imported as env.memory. */
  bytes(memory: { minPages: number; maxPages: number }): Uint8Array {
    const sig = (f: Func): string => `${f.params.join(',')}->${f.results.join(',')}`;
    const sigs = [...new Set(this.funcs.map(sig))];
    const types = sigs.map((s) => {
      const f = this.funcs.find((g) => sig(g) === s) as Func;
      return [0x60, ...vec(f.params.map((t) => [valtype(t)])), ...vec(f.results.map((t) => [valtype(t)]))];
    });
    // Limits flag 0x03: a maximum is present and the memory is shared (see arena.ts for why).
    const imports = [[...name('env'), ...name('memory'), 0x02, 0x03, ...u32(memory.minPages), ...u32(memory.maxPages)]];
    const exports = this.funcs.map((f) => [...name(f.name), 0x00, ...u32(f.index)]);
    const codes = this.funcs.map((f) => {
      const localGroups = f.locals.map((t) => [...u32(1), valtype(t)]);
      const content = [...vec(localGroups), ...f.body, 0x0b];
      return [...u32(content.length), ...content];
    });
    return Uint8Array.from([
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0x00,
      0x00,
      0x00,
      ...section(1, vec(types)),
      ...section(2, vec(imports)),
      ...section(3, vec(this.funcs.map((f) => u32(sigs.indexOf(sig(f)))))),
      ...section(7, vec(exports)),
      ...section(10, vec(codes)),
    ]);
  }
}
