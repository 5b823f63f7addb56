// An optimizer updates the parameters it was given from their accumulated gradients, then
// zeroes the gradients for the next batch. Its internal state (momentum, moment estimates, step
// count) is exposed as arrays, so a checkpoint can save it and a resumed run continues exactly.

export interface Optimizer {
  /** One update with learning rate lr (the schedule's value for this epoch), then zero the gradients. */
  step(lr: number): void;
  /** The live state buffers (none for plain SGD); a checkpoint copies them, a resume fills them. */
  state(): Float32Array[];
}
