// A seeded random generator: xoshiro128** (Blackman & Vigna), 128 bits of state.
// Never Math.random: every random stream in mlplab (initialisation, shuffling) is one of these,
// derived from the experiment seed and a stream name, so a run is reproducible anywhere.

/** FNV-1a over the UTF-16 code units of a string, 32 bits. Only used to mix a name into a seed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: spreads one 32-bit value into well-mixed state words. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export type RngState = [number, number, number, number];

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A generator for `stream` (e.g. "init", "shuffle") of a run, from the experiment seed. */
  static from(seed: number, stream: string): Rng {
    let x = (fnv1a(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
    const s: number[] = [];
    for (let i = 0; i < 4; i++) {
      x = splitmix32(x + i);
      s.push(x);
    }
    // xoshiro must not start from the all-zero state.
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
    return new Rng([s[0], s[1], s[2], s[3]]);
  }

  constructor(state: RngState) {
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  state(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: RngState): void {
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Standard normal by Box–Muller; no cached second value, so the state is just the four words. */
  normal(): number {
    const u1 = 1 - this.uniform(); // in (0, 1]: log is finite
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(a: Uint32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
