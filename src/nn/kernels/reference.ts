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
    // biome-ignore lint/complexity/useMathMinMax: a comparison, as the wasm kernel makes it; Math.max would differ on NaN
    for (let i = 0; i < n; i++) Y[i] = X[i] > 0 ? X[i] : 0;
  },
  reluBackward(Y, dY, dX, n) {
    for (let i = 0; i < n; i++) dX[i] = Y[i] > 0 ? dY[i] : 0;
  },
  axpy(alpha, x, y, n) {
    for (let i = 0; i < n; i++) y[i] += alpha * x[i];
  },
  zero: (x, n) => x.fill(0, 0, n),
  scale(alpha, x, n) {
    for (let i = 0; i < n; i++) x[i] *= alpha;
  },
  sumSquares(x, n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i] * x[i];
    return s;
  },
  momentumStep(lr, momentum, weightDecay, nesterov, g, v, theta, n) {
    for (let i = 0; i < n; i++) {
      const gp = g[i] + weightDecay * theta[i];
      v[i] = momentum * v[i] + gp;
      theta[i] -= lr * (nesterov ? gp + momentum * v[i] : v[i]);
    }
  },
  adamStep(c, g, m, v, theta, n) {
    for (let i = 0; i < n; i++) {
      m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i];
      v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i];
      theta[i] = c.decay * theta[i] - (c.stepSize * m[i]) / (Math.sqrt(v[i]) * c.rootCorrection + c.eps);
    }
  },
  allocBytes: (n) => new Uint8Array(n),
  lookupBytes(bytes, table, X, n) {
    for (let i = 0; i < n; i++) X[i] = table[bytes[i]];
  },
};
