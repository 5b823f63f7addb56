// What an experiment file may be: a regular file under the size limit, in UTF-8, holding text.
// Anything else is refused at once, by name, before a byte of it could block or flood the process;
// and a message never quotes more than a short snippet of what the user wrote.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandRuns, loadExperiment } from '../../src/config/index.js';
import { firstInvalidUtf8, MAX_EXPERIMENT_BYTES } from '../../src/config/read.js';
import { QUOTE_CHARS, quote } from '../../src/config/quote.js';
import { configError, fixture, FIXTURES, printableGarbage, TEN_CLASSES, VALID } from './fixtures.js';

const bytesFixture = (name: string, bytes: Uint8Array): string => {
  const file = join(FIXTURES, name);
  writeFileSync(file, bytes);
  return file;
};
const messageOf = (file: string): string => configError(() => expandRuns(loadExperiment(file), TEN_CLASSES)).message;
/** A one-line message naming `file`: its words and a quoted snippet, however long the input. */
const isShort = (message: string, file: string): boolean => message.length < file.length + 200 + 4 * QUOTE_CHARS;

// A FIFO and /dev/zero are tried through the real binary (test/commands/input.test.ts), where a
// regression fails on a timeout instead of hanging the test run or filling its memory.
test('a folder is refused by kind, as the experiment file or as a base file', () => {
  assert.equal(messageOf(FIXTURES), `${FIXTURES}: cannot read the experiment file: a folder, not a regular file`);
  mkdirSync(join(FIXTURES, 'base.yaml'));
  const child = fixture('extends-folder.yaml', 'name: x\nextends: base.yaml\n');
  const base = join(FIXTURES, 'base.yaml');
  assert.equal(messageOf(child), `${child}:2:10: extends: cannot read the base file ${base}: a folder, not a regular file`);
});

test('a file over the size limit is refused without reading it all', () => {
  const file = fixture('huge.yaml', `${VALID}# ${'x'.repeat(MAX_EXPERIMENT_BYTES)}\n`);
  assert.equal(
    messageOf(file),
    `${file}: cannot read the experiment file: larger than 1 MiB, the limit for an experiment file (is it the right file?)`,
  );
  // At the limit exactly it is read.
  const fits = fixture('fits.yaml', `${VALID}#`.padEnd(MAX_EXPERIMENT_BYTES, ' '));
  assert.equal(expandRuns(loadExperiment(fits), TEN_CLASSES).length, 1);
});

test('bytes that are not UTF-8 are refused with their offset, line and column, never replaced', () => {
  const latin1 = bytesFixture(
    'latin1.yaml',
    Buffer.concat([Buffer.from('name: tiny\ndescription: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
  );
  assert.equal(
    messageOf(latin1),
    `${latin1}:2:17: cannot read the experiment file: not UTF-8 text: bytes 0xe9 0x0a at byte offset 27 (save the file as UTF-8)`,
  );
  const lone = bytesFixture('lone.yaml', Buffer.from([0x6e, 0xff, 0x3a]));
  assert.equal(
    messageOf(lone),
    `${lone}:1:2: cannot read the experiment file: not UTF-8 text: byte 0xff at byte offset 1 (save the file as UTF-8)`,
  );
});

test('firstInvalidUtf8 follows the table of well-formed sequences', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  assert.deepEqual(at(0x41, 0xc3, 0xa9), { start: 3, end: 3 }); // é: all valid
  assert.deepEqual(at(0xc0, 0x80), { start: 0, end: 0 }); // overlong NUL
  assert.deepEqual(at(0xe0, 0x80, 0x80), { start: 0, end: 1 }); // overlong three-byte form
  assert.deepEqual(at(0xed, 0xa0, 0x80), { start: 0, end: 1 }); // a surrogate
  assert.deepEqual(at(0xf4, 0x90, 0x80, 0x80), { start: 0, end: 1 }); // past U+10FFFF
  assert.deepEqual(at(0x41, 0xe2, 0x82), { start: 1, end: 2 }); // cut off by the end of the file
});

test('a binary file is refused as one, and what a message quotes stays short', () => {
  const zeros = bytesFixture('zeros.yaml', new Uint8Array(10_000));
  assert.equal(
    messageOf(zeros),
    `${zeros}:1:1: cannot read the experiment file: not a text file: control character U+0000 at byte offset 0`,
  );
  // Printable garbage is valid YAML text: the message quotes a snippet of it, not all 10 KB.
  const garbage = fixture('garbage.yaml', printableGarbage(10_000));
  const message = messageOf(garbage);
  assert.ok(isShort(message, garbage), `${message.length} characters: ${message.slice(0, 300)}`);
  // Garbage in a key or a YAML syntax error is cut short the same way.
  const key = fixture('long-key.yaml', `${VALID}${'k'.repeat(1000)}: 1\n`);
  assert.match(messageOf(key), /: \["k{60}…"\]: unknown field/);
  const syntax = fixture('long-syntax.yaml', `a: 1\n}${'x'.repeat(5000)}\n`);
  assert.match(messageOf(syntax), /:2:2: invalid YAML: Unexpected scalar token in YAML stream: "x{60}…"$/m);
  assert.ok(isShort(messageOf(syntax), syntax), messageOf(syntax));
});

test('quote cuts by the characters shown, escapes included', () => {
  assert.equal(quote('short'), '"short"');
  assert.equal(quote('a'.repeat(QUOTE_CHARS + 1)), `"${'a'.repeat(QUOTE_CHARS)}…"`);
  assert.equal(quote('\n'.repeat(QUOTE_CHARS)), `"${'\\n'.repeat(QUOTE_CHARS / 2)}…"`);
});
