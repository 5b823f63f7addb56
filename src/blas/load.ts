// The system BLAS, loaded through koffi (an FFI package with prebuilt binaries, an optional
// dependency): OpenBLAS on Linux, Accelerate on macOS, or the CBLAS library MLPLAB_BLAS names.
// Loaded once per thread; a thread that cannot load it learns why in one line that says what to
// install (BlasUnavailable), which `mlplab run` turns into exit 2 before any worker starts.

import { createRequire } from 'node:module';
import { platform } from 'node:os';
import type { AddressGemm, Blas } from '../nn/kernels/blas-kernels.js';
import type { WasmMemory } from '../nn/kernels/wasm/api.js';

/** BLAS cannot be used here: the message says what is missing and how to get it. */
export class BlasUnavailable extends Error {
  override name = 'BlasUnavailable';
}

/** The library loaded when MLPLAB_BLAS is unset, by platform. */
const SYSTEM_BLAS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'libopenblas.so.0',
  darwin: '/System/Library/Frameworks/Accelerate.framework/Accelerate',
};

const INSTALL: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'apt-get install libopenblas0-pthread (or your distribution’s OpenBLAS)',
  darwin: 'Accelerate is part of macOS',
};

// CBLAS enums.
const ROW_MAJOR = 101,
  NO_TRANS = 111,
  TRANS = 112;

// Only the part of koffi used here (its own types need the package installed to compile against).
type KoffiFunction = (...args: unknown[]) => unknown;
interface KoffiLibrary {
  func(name: string, result: string, params: string[]): KoffiFunction;
}
interface Koffi {
  load(path: string): KoffiLibrary;
  address(value: ArrayBufferView): bigint;
}

let loaded: { key: string; blas: Blas } | undefined;

/** The BLAS that `env` (MLPLAB_BLAS) and the platform name, loaded (once per thread); BlasUnavailable if it cannot be. */
export function loadBlas(env: NodeJS.ProcessEnv = process.env): Blas {
  const chosen = env.MLPLAB_BLAS || undefined;
  const library = chosen ?? SYSTEM_BLAS[platform()];
  const key = library ?? '';
  if (loaded?.key === key) return loaded.blas;
  if (library === undefined)
    throw new BlasUnavailable(`no BLAS library is known on ${platform()}: set MLPLAB_BLAS to a CBLAS library file (or --kernels wasm)`);
  const koffi = requireKoffi();
  let lib: KoffiLibrary;
  try {
    lib = koffi.load(library);
  } catch (err) {
    const why = firstLine(err);
    throw new BlasUnavailable(
      chosen !== undefined
        ? `cannot load MLPLAB_BLAS=${chosen} (${why}): set it to a CBLAS library file, or unset it (or --kernels wasm)`
        : `cannot load the BLAS library ${library} (${why}): ${INSTALL[platform()] ?? 'install OpenBLAS'}, or set MLPLAB_BLAS to a CBLAS library file (or --kernels wasm)`,
    );
  }
  const optional = (name: string, result: string, params: string[]): KoffiFunction | undefined => {
    try {
      return lib.func(name, result, params);
    } catch {
      return undefined;
    }
  };
  // Pointers go as integers (intptr_t): the arena's base address plus a tensor's offset, so a
  // call makes no view and copies nothing.
  const sgemm = optional('cblas_sgemm', 'void', [
    'int',
    'int',
    'int',
    'int',
    'int',
    'int',
    'float',
    'intptr_t',
    'int',
    'intptr_t',
    'int',
    'float',
    'intptr_t',
    'int',
  ]);
  if (sgemm === undefined) throw new BlasUnavailable(`${library} has no cblas_sgemm: it is not a CBLAS library (set MLPLAB_BLAS to one)`);
  // One thread per run: the worker pool already keeps every core busy.
  optional('openblas_set_num_threads', 'void', ['int'])?.(1);
  const core = optional('openblas_get_corename', 'const char *', [])?.() as string | undefined;
  const config = optional('openblas_get_config', 'const char *', [])?.() as string | undefined;
  const version = config?.match(/^OpenBLAS \S+/)?.[0];
  const blas: Blas = {
    library,
    ...(version === undefined ? {} : { version }),
    ...(core === undefined ? {} : { core }),
    gemmOn: (memory) => gemmOn(koffi, sgemm, memory),
  };
  loaded = { key, blas };
  return blas;
}

function gemmOn(koffi: Koffi, sgemm: KoffiFunction, memory: WasmMemory): AddressGemm {
  // A shared WebAssembly memory never moves (growing it keeps its base address), but the
  // base is taken again whenever the memory hands out a new buffer object, to be safe.
  let buffer = memory.buffer;
  let base = Number(koffi.address(new Uint8Array(buffer)));
  return (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
    if (memory.buffer !== buffer) {
      buffer = memory.buffer;
      base = Number(koffi.address(new Uint8Array(buffer)));
    }
    sgemm(
      ROW_MAJOR,
      transA ? TRANS : NO_TRANS,
      transB ? TRANS : NO_TRANS,
      m,
      n,
      k,
      alpha,
      base + a,
      lda,
      base + b,
      ldb,
      beta,
      base + c,
      ldc,
    );
  };
}

function requireKoffi(): Koffi {
  try {
    return createRequire(import.meta.url)('koffi') as Koffi;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND')
      throw new BlasUnavailable(
        'the BLAS kernels need the optional package koffi, which is not installed: npm install koffi (or --kernels wasm)',
      );
    throw new BlasUnavailable(
      `the package koffi does not load here (${firstLine(err)}): reinstall it with npm install koffi (or --kernels wasm)`,
    );
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}
