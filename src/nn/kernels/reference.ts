// The reference kernels: plain TypeScript loops whose correctness is evident. The products are
// ../matmul.ts; the rest are here. The fast kernels are tested against these.

import { matmul, matmulABt, matmulAtB } from '../matmul.js';
import type { Kernels } from './kernels.js';

export const referenceKernels: Kernels = {
  name: 'reference',
  alloc: (n) => new Float32Array(n),
  matmul,
  matmulAtB,
  matmulABt,
  addRowVector(b, Y, rows, n) {
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      for (let j = 0; j < n; j++) Y[o + j] += b[j];
    }
  },
  sumRows(Y, s, rows, n) {
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      for (let j = 0; j < n; j++) s[j] += Y[o + j];
    }
  },
  relu(X, Y, n) {
    for (let i = 0; i < n; i++) Y[i] = X[i] > 0 ? X[i] : 0;
  },
  reluBackward(Y, dY, dX, n) {
    for (let i = 0; i < n; i++) dX[i] = Y[i] > 0 ? dY[i] : 0;
  },
  axpy(alpha, x, y, n) {
    for (let i = 0; i < n; i++) y[i] += alpha * x[i];
  },
  zero: (x, n) => x.fill(0, 0, n),
  allocBytes: (n) => new Uint8Array(n),
  lookupBytes(bytes, table, X, n) {
    for (let i = 0; i < n; i++) X[i] = table[bytes[i]];
  },
};
