// The part of the WebAssembly JavaScript API the kernels use, typed here because the project's
// TypeScript libraries (ES2022 + Node) do not declare the WebAssembly global (only lib.dom does).

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds pages of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

export interface WasmModule {
  readonly __brand: 'WebAssembly.Module';
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** 64 KiB, the unit in which WebAssembly memory grows. */
export const PAGE_BYTES = 65536;
