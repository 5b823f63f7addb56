// The manual's links: every relative link in README.md, docs/ and bench/'s pages names a file or
// folder of the repository (and a heading, when it has a #fragment), and nothing points outside
// the repository — a link into a sibling folder works on one machine only.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const pages = (dir: string): string[] =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir))
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(dir, f))
    : [];
const PAGES = ['README.md', ...pages('docs'), ...pages('bench')];

/** The text outside fenced code blocks, where a bracket is code, not a link. */
const prose = (md: string): string =>
  md
    .split(/^```.*$/m)
    .filter((_, i) => i % 2 === 0)
    .join('\n');

/** Markdown link and image targets: [text](target) and ![alt](target). */
function targets(md: string): string[] {
  return [...prose(md).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchors = (md: string): Set<string> => new Set([...prose(md).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

test('every page to check exists', () => {
  assert.ok(PAGES.includes('docs/experiment-files.md') && PAGES.includes('bench/HISTORY.md'), PAGES.join(', '));
});

for (const page of PAGES) {
  test(`${page}: relative links resolve inside the repository`, () => {
    const md = readFileSync(join(ROOT, page), 'utf8');
    const broken: string[] = [];
    for (const target of targets(md)) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), decodeURIComponent(path));
      if (relative(ROOT, file).startsWith('..')) broken.push(`${target}: outside the repository`);
      else if (!existsSync(file)) broken.push(`${target}: no such file`);
      else if (
        fragment !== undefined &&
        statSync(file).isFile() &&
        file.endsWith('.md') &&
        !anchors(readFileSync(file, 'utf8')).has(fragment)
      ) {
        broken.push(`${target}: no heading #${fragment}`);
      }
    }
    assert.deepEqual(broken, []);
  });
}

test('no page or source file refers to a folder outside the repository', () => {
  const files = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|md)$/.test(f))
      .map((f) => join(dir, f));
  const offenders = [...new Set([...PAGES, ...files('src'), ...files('bench')])].filter((f) =>
    readFileSync(join(ROOT, f), 'utf8').includes('../shared/'),
  );
  assert.deepEqual(offenders, []);
});
