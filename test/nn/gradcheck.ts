// Central-difference gradient checks shared by every layer and loss test.
// A layer is checked through the scalar L = Σ Y ⊙ R with a fixed random R, so dL/dY = R and the
// analytic dX and parameter gradients from backward(R) can be compared with the central difference
// D(ε) = (L(θ+ε) − L(θ−ε)) / 2ε. Layers are compared with the Richardson extrapolation
// (4·D(ε/2) − D(ε)) / 3, which cancels D's ε² error term: curved layers then check as tightly as
// piecewise-linear ones, even where dY/dX ≈ 0 (GELU near its minimum, where D(ε) alone can be tens of percent off).

import type { Layer } from '../../src/nn/layer.js';
import type { Loss } from '../../src/nn/loss.js';
import { Rng } from '../../src/nn/rng.js';

export interface GradcheckReport {
  worst: number; // largest relative error seen
  where: string;
}

// Large enough that float32 rounding of Y is small against the difference; the central difference
// is exact for functions linear in the perturbed value, and kinks are kept 5ε away.
const EPS = 5e-2;

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1e-3, Math.abs(a) + Math.abs(b));
}

function randomArray(n: number, rng: Rng, avoidNearZero: boolean): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = rng.normal();
    // Keep inputs away from kinks (ReLU at 0) so ±ε never crosses one.
    if (avoidNearZero && Math.abs(v) < 5 * EPS) v += v < 0 ? -5 * EPS : 5 * EPS;
    a[i] = v;
  }
  return a;
}

/** Check dX and every parameter gradient of a layer on a random batch of B rows. */
export function gradcheckLayer(layer: Layer, B: number, seed = 7): GradcheckReport {
  const rng = Rng.from(seed, 'gradcheck');
  const X = randomArray(B * layer.inputSize, rng, true);
  const R = randomArray(B * layer.outputSize, rng, false);
  const objective = (): number => {
    const Y = layer.forward(X, B, 'train');
    let s = 0;
    for (let i = 0; i < B * layer.outputSize; i++) s += Y[i] * R[i];
    return s;
  };
  for (const p of layer.params()) p.grad.fill(0);
  objective();
  const dX = Float32Array.from(layer.backward(R, B).subarray(0, B * layer.inputSize));
  const report: GradcheckReport = { worst: 0, where: '' };
  const check = (values: Float32Array, analytic: Float32Array, label: string): void => {
    for (let i = 0; i < values.length; i++) {
      const old = values[i];
      // Divide by the steps float32 actually took, not by the ones asked for.
      const difference = (h: number): number => {
        values[i] = old + h;
        const [up, stepUp] = [objective(), values[i]];
        values[i] = old - h;
        const [down, stepDown] = [objective(), values[i]];
        values[i] = old;
        return (up - down) / (stepUp - stepDown);
      };
      const err = relErr((4 * difference(EPS / 2) - difference(EPS)) / 3, analytic[i]);
      if (err > report.worst) Object.assign(report, { worst: err, where: `${label}[${i}]` });
    }
  };
  check(X, dX, 'dX');
  for (const p of layer.params()) check(p.value, Float32Array.from(p.grad), `d${p.name}`);
  return report;
}

/**
 * The layer with its noise stream rewound before every forward, so each forward of a gradient
 * check draws the same Dropout mask: the checked function is then fixed, as a difference needs.
 */
export function withFixedNoise(layer: Layer, noise: Rng): Layer {
  const start = noise.state();
  return {
    inputSize: layer.inputSize,
    outputSize: layer.outputSize,
    forward: (X, B, mode) => {
      noise.setState(start);
      return layer.forward(X, B, mode);
    },
    backward: (dY, B) => layer.backward(dY, B),
    params: () => layer.params(),
    state: () => layer.state(),
  };
}

/** Check dL/dZ of a loss on random logits. */
export function gradcheckLoss(loss: Loss, B: number, seed = 7): GradcheckReport {
  const rng = Rng.from(seed, 'gradcheck-loss');
  const Z = randomArray(B * loss.classes, rng, false);
  const labels = new Uint8Array(B).map(() => rng.int(loss.classes));
  loss.forward(Z, labels, B);
  const dZ = Float32Array.from(loss.backward(B).subarray(0, B * loss.classes));
  const report: GradcheckReport = { worst: 0, where: '' };
  const eps = 1e-3;
  for (let i = 0; i < B * loss.classes; i++) {
    const old = Z[i];
    Z[i] = old + eps;
    const up = loss.forward(Z, labels, B);
    Z[i] = old - eps;
    const down = loss.forward(Z, labels, B);
    Z[i] = old;
    const err = relErr((up - down) / (2 * eps), dZ[i]);
    if (err > report.worst) Object.assign(report, { worst: err, where: `dZ[${i}]` });
  }
  return report;
}
