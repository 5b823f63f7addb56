// The kernel interface: every loop over a whole tensor that the layers and the optimizer run —
// the three matrix products of a Linear layer, its bias, ReLU, the optimizers' updates and
// gradient clipping — and the allocator of the tensors they run on. Two implementations, by name
// in the registry (index.ts):
//   reference  plain TypeScript loops (../matmul.ts, reference.ts), simple enough to trust;
//   wasm       WebAssembly SIMD (wasm-kernels.ts), the default: an order of magnitude faster on
//              the dense products (bench/kernels.ts measures it), with a sparse path for
//              mostly-zero inputs (sparse-path.ts, bench/sparse.ts).
// They agree to float32 rounding: the products, axpy, the optimizer updates and sumSquares round
// differently (the order of a sum, float32 against float64 intermediates), the other operations
// are bit-identical.
//
// The wasm kernels want every tensor in their memory arena, so layers, losses and the trainer's
// input buffer come from `alloc` rather than `new Float32Array`; any other Float32Array still
// works, copied in and out.
//
// This file holds types only and imports nothing, so the implementations can import it and the
// registry can import them without a cycle.

export interface Kernels {
  /** Its key in the registry (index.ts's KERNELS). */
  readonly name: string;
  /** A zero-filled tensor of n floats, usable by these kernels without copying. */
  alloc(n: number): Float32Array;
  /** C = A·B; A is m×k, B is k×n, C is m×n (the forward product XW). */
  matmul(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void;
  /**
   * C += Aᵀ·B; A is k×m, B is k×n (the weight gradient XᵀΔ, accumulated). aUnchanged: A is the A
   * of this kernel set's last matmul on that tensor and has not been written since (a Linear
   * layer's backward after its forward), so what that product learned of A may be reused.
   */
  matmulAtB(A: Float32Array, B: Float32Array, C: Float32Array, k: number, m: number, n: number, aUnchanged?: boolean): void;
  /**
   * Plain SGD folded into the weight gradient's product: θ += α·AᵀB in one product (α = −lr), with
   * A, B as in matmulAtB — true; the gradient never exists and `grad` is left as it was. Or, when
   * the product takes a path that cannot fold (the sparse one), grad += AᵀB exactly as matmulAtB —
   * false. Only kernel sets whose products scale and add as they go (BLAS's sgemm) have it: one
   * product replaces a product, an update and a zeroing. aUnchanged: as in matmulAtB.
   */
  updateAtB?(
    alpha: number,
    A: Float32Array,
    B: Float32Array,
    grad: Float32Array,
    theta: Float32Array,
    k: number,
    m: number,
    n: number,
    aUnchanged?: boolean,
  ): boolean;
  /** C = A·Bᵀ; A is m×k, B is n×k (the input gradient ΔWᵀ). */
  matmulABt(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void;
  /** Y[r] += b for each of the first `rows` rows of Y (rows×n): a bias. */
  addRowVector(b: Float32Array, Y: Float32Array, rows: number, n: number): void;
  /** s += Σ_r Y[r] over the first `rows` rows of Y (rows×n): a bias gradient, accumulated. */
  sumRows(Y: Float32Array, s: Float32Array, rows: number, n: number): void;
  /** Y = max(0, X) over the first n floats (NaN gives 0). */
  relu(X: Float32Array, Y: Float32Array, n: number): void;
  /** dX = dY ⊙ [Y > 0] over the first n floats. */
  reluBackward(Y: Float32Array, dY: Float32Array, dX: Float32Array, n: number): void;
  /** y += α·x over the first n floats (the SGD update θ += (−η)·∂L/∂θ). */
  axpy(alpha: number, x: Float32Array, y: Float32Array, n: number): void;
  /** x = 0 over the first n floats (the gradients, after an update). */
  zero(x: Float32Array, n: number): void;
  /** x = α·x over the first n floats (gradients scaled down by clipping). */
  scale(alpha: number, x: Float32Array, n: number): void;
  /** Σ x[i]² over the first n floats, accumulated in float64 (a gradient norm, squared). */
  sumSquares(x: Float32Array, n: number): number;
  /**
   * SGD with momentum μ and L2 weight decay λ over the first n floats (see ../optim/sgd.ts):
   * g' = g + λθ;  v ← μv + g';  θ ← θ − lr·v, or with Nesterov θ ← θ − lr·(g' + μv).
   */
  momentumStep(
    lr: number,
    momentum: number,
    weightDecay: number,
    nesterov: boolean,
    g: Float32Array,
    v: Float32Array,
    theta: Float32Array,
    n: number,
  ): void;
  /**
   * Adam (AdamW with c.decay < 1) over the first n floats (see ../optim/adam.ts):
   * m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← decay·θ − stepSize·m / (√v·rootCorrection + eps).
   */
  adamStep(c: AdamCoefficients, g: Float32Array, m: Float32Array, v: Float32Array, theta: Float32Array, n: number): void;
  /** A zero-filled array of n bytes, usable by lookupBytes without copying. */
  allocBytes(n: number): Uint8Array;
  /** X[i] = table[bytes[i]] over the first n bytes: the pixels of a batch as model inputs. */
  lookupBytes(bytes: Uint8Array, table: Float32Array, X: Float32Array, n: number): void;
}

/** The scalars of one Adam step: the hyperparameters, with the step's bias corrections folded in. */
export interface AdamCoefficients {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β1ᵗ): the learning rate with m's bias correction. */
  stepSize: number;
  /** 1 / √(1 − β2ᵗ): v's bias correction, applied to √v. */
  rootCorrection: number;
  /** θ's factor before the step: 1 − lr·λ for AdamW's decoupled weight decay, 1 for Adam. */
  decay: number;
}
