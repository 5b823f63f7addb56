// An optimizer updates the parameters it was given from their accumulated gradients, then
// zeroes the gradients for the next batch.

export interface Optimizer {
  step(): void;
}
