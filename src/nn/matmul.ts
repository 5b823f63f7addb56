// The three matrix products a Linear layer needs, in plain TypeScript on row-major Float32Array.
// This is the reference: simple loops whose correctness is evident. Fast kernels are checked
// against it. Shapes: A is m×k, B is k×n, C is m×n unless said otherwise.
//
// Loop order i-p-j keeps the innermost loop walking both B and C contiguously; each row of A
// is used four rows at a time so every load of a B row serves four multiply-adds.

/** C = A·B (the forward product XW). */
export function matmul(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  C.fill(0, 0, m * n);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const c0 = i * n,
      c1 = c0 + n,
      c2 = c1 + n,
      c3 = c2 + n;
    const a0 = i * k,
      a1 = a0 + k,
      a2 = a1 + k,
      a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const x0 = A[a0 + p],
        x1 = A[a1 + p],
        x2 = A[a2 + p],
        x3 = A[a3 + p];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue; // ReLU outputs and image borders are often 0
      const b = p * n;
      for (let j = 0; j < n; j++) {
        const w = B[b + j];
        C[c0 + j] += x0 * w;
        C[c1 + j] += x1 * w;
        C[c2 + j] += x2 * w;
        C[c3 + j] += x3 * w;
      }
    }
  }
  for (; i < m; i++) {
    const c = i * n,
      a = i * k;
    for (let p = 0; p < k; p++) {
      const x = A[a + p];
      if (x === 0) continue;
      const b = p * n;
      for (let j = 0; j < n; j++) C[c + j] += x * B[b + j];
    }
  }
}

/** C += Aᵀ·B where A is k×m and B is k×n (the weight gradient XᵀΔ, accumulated). */
export function matmulAtB(A: Float32Array, B: Float32Array, C: Float32Array, k: number, m: number, n: number): void {
  for (let p = 0; p < k; p++) {
    const a = p * m,
      b = p * n;
    for (let i = 0; i < m; i++) {
      const x = A[a + i];
      if (x === 0) continue;
      const c = i * n;
      for (let j = 0; j < n; j++) C[c + j] += x * B[b + j];
    }
  }
}

/** C = A·Bᵀ where A is m×k and B is n×k (the input gradient ΔWᵀ). */
export function matmulABt(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const a = i * k,
      c = i * n;
    for (let j = 0; j < n; j++) {
      const b = j * k;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0; // four partial sums break the add dependency chain
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        s0 += A[a + p] * B[b + p];
        s1 += A[a + p + 1] * B[b + p + 1];
        s2 += A[a + p + 2] * B[b + p + 2];
        s3 += A[a + p + 3] * B[b + p + 3];
      }
      for (; p < k; p++) s0 += A[a + p] * B[b + p];
      C[c + j] = s0 + s1 + s2 + s3;
    }
  }
}
