// A loss is its own object: forward(Z, labels, B) caches the probabilities and returns the mean
// loss over the B rows; backward(B) returns dL/dZ for those rows.

export interface Loss {
  readonly classes: number;
  forward(Z: Float32Array, labels: Uint8Array, B: number): number;
  backward(B: number): Float32Array;
}
