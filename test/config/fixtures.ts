// Test helpers: write YAML fixtures to a fresh temp dir, and read a ConfigError thrown by a call.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, type PlanContext } from '../../src/config/index.js';
import { LAYERS } from '../../src/nn/layers/index.js';
import type { DatasetName } from '../../src/types.js';

/** The temp folder fixtures are written to. */
/** The layer names as messages list them (registry order, which the schema's enum follows). */
export const KNOWN_LAYERS = Object.keys(LAYERS).join(', ');

export const FIXTURES = mkdtempSync(join(tmpdir(), 'mlplab-config-'));

/**
 * Write `text` (leading newline dropped, so fixtures can start on their own line) to a temp file;
 * `name` may include folders.
 */
export function fixture(name: string, text: string): string {
  const file = join(FIXTURES, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text.replace(/^\n/, ''));
  return file;
}

/** `length` characters of printable garbage on one line (no `#`, which would start a comment), always the same. */
export function printableGarbage(length: number): string {
  let x = 1;
  const chars = Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return String.fromCharCode(32 + ((x >> 16) % 95));
  });
  return `x${chars.join('').replaceAll('#', 'h')}`;
}

/** The ConfigError `fn` throws (fails the test if it throws nothing or something else). */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError, nothing was thrown');
}

/** A valid experiment body after `name:`; tests swap one line to make one mistake. */
export const VALID = `
name: tiny
dataset: mnist
model:
  layers:
    - linear: 32
    - relu
    - linear
train:
  epochs: 2
`;

/** A plan context with `classes` classes per dataset and a made-up checksum per dataset name. */
export function context(classesOf: (d: DatasetName) => number = () => 10): PlanContext {
  return { classesOf, checksumOf: (d) => `sha256-of-${d}` };
}

export const TEN_CLASSES: PlanContext = context();
