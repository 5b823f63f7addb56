// Test helpers: write YAML fixtures to a fresh temp dir, and read a ConfigError thrown by a call.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mlplab-config-'));

/** Write `text` (leading newline dropped, so fixtures can start on their own line) to a temp file. */
export function fixture(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text.replace(/^\n/, ''));
  return file;
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

export const TEN_CLASSES = (): number => 10;
