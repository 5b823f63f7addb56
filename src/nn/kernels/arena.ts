// The arena: one WebAssembly memory per model, from which every tensor the fast kernels touch
// is allocated as a Float32Array view, so kernels work on the tensors in place (copying operands
// in and out on every call costs a few percent and churns the garbage collector).
//
// The memory is *shared* (backed by a SharedArrayBuffer) for one reason: growing an ordinary
// WebAssembly memory detaches its buffer, and every view taken before silently becomes empty.
// A shared memory never moves or detaches — growing it only makes a longer buffer available —
// so a view, once handed out, stays valid for the arena's lifetime and a stale view cannot exist.
// (The price: V8's built-in bulk methods — fill, set — take a slower element-wise path on shared
// memory, so the kernels zero tensors in WebAssembly; element access from JavaScript is unaffected.)
// Allocation is a bump pointer; nothing is freed (a model's buffers live as long as the model).
// A whole arena can be rewound for the next model once the last one is done with it (see
// WasmKernels.recycle).

import { PAGE_BYTES, WebAssemblyApi, type WasmMemory } from './wasm/api.js';

/** Cache-line alignment: every tensor starts on its own line, which also aligns v128 accesses. */
export const ALIGN = 64;
/** The memory may grow to 2 GiB: the kernels compare addresses as signed i32, so they stay below 2³¹. */
export const MAX_PAGES = 32768;

export class Arena {
  readonly memory: WasmMemory;
  private top = ALIGN; // byte offset 0 stays unused, so no tensor has address 0
  private readonly buffers = new Set<ArrayBufferLike>();

  constructor(initialBytes = 1 << 20) {
    const initial = Math.max(1, Math.ceil(initialBytes / PAGE_BYTES));
    this.memory = new WebAssemblyApi.Memory({ initial, maximum: MAX_PAGES, shared: true });
  }

  /** A new zero-filled view of n floats (fresh memory is zero; rewound memory was zeroed). */
  f32(n: number): Float32Array {
    const start = this.reserve(4 * n);
    const view = new Float32Array(this.memory.buffer, start, n);
    this.buffers.add(view.buffer);
    return view;
  }

  /** A new zero-filled view of n bytes. */
  u8(n: number): Uint8Array {
    const start = this.reserve(n);
    const view = new Uint8Array(this.memory.buffer, start, n);
    this.buffers.add(view.buffer);
    return view;
  }

  /**
   * Makes the whole arena free again for the next model, once the last one is done with it:
   * `zero(address, bytes)` clears the part that was used (so views are still handed out
   * zero-filled), and allocation starts from the bottom again. Every earlier view is then stale.
   */
  rewind(zero: (address: number, bytes: number) => void): void {
    zero(ALIGN, this.top - ALIGN);
    this.top = ALIGN;
  }

  /** Bytes handed out so far, from address 0 (what a model's tensors and work areas take). */
  get used(): number {
    return this.top;
  }

  private reserve(bytes: number): number {
    const start = this.top,
      end = start + bytes;
    const have = this.memory.buffer.byteLength;
    // (run/memory-limit.ts refuses such a run before it starts; this says what happened if one slips through.)
    if (end > MAX_PAGES * PAGE_BYTES)
      throw new RangeError(`a model needs more than the ${(MAX_PAGES * PAGE_BYTES) / 2 ** 30} GiB its memory may hold`);
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    this.top = Math.ceil(end / ALIGN) * ALIGN;
    return start;
  }

  /** Whether a view lies in this arena's memory (then its byteOffset is its address). */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }
}
