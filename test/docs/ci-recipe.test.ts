// The CI recipe of docs/compare-and-diff.md: the workflow file parses, fetches the history that
// `mlplab diff` reads, may comment, and diffs against the base branch.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // from dist/test/docs/

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

test('docs/ci/mlplab-diff.yml runs mlplab diff against the base branch and comments with its output', () => {
  const workflow = parse(readFileSync(`${ROOT}docs/ci/mlplab-diff.yml`, 'utf8')) as {
    permissions: Record<string, string>;
    jobs: { diff: { steps: Step[] } };
  };
  const steps = workflow.jobs.diff.steps;
  assert.equal(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth'], 0);
  assert.equal(workflow.permissions['pull-requests'], 'write');
  // The workflow's own expression, `${{ github.base_ref }}`, not a template of this file.
  const base = ['$', '{{ github.base_ref }}'].join('');
  const diff = steps.findIndex((s) => s.run?.includes(`npx mlplab diff "origin/${base}" > mlplab-diff.md`));
  assert.ok(diff > 0);
  assert.ok(steps.slice(diff).some((s) => s.run?.includes('gh pr comment "$PR" --edit-last --body-file mlplab-diff.md')));
});
