// index.html in a real browser: Debian's headless Chromium, driven over the DevTools protocol by
// puppeteer-core. Each kind of report is written from fixture runs, opened from the file system
// with the network cut off, and must draw every plot with no console error or warning; a
// screenshot of the page must show the plots. .ci/run installs chromium; on a machine without it
// the test is skipped (outside CI) and says why.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { PLOT_SELECTOR } from '../../src/report/html.js';
import { writeReport } from '../../src/report/write.js';
import type { RunResult } from '../../src/types.js';
import { decodePng, inkStats } from '../helpers/png.js';
import { DIVERGED, RUNS } from './fixtures.js';
import { GRID, MANY, RANDOM, REPLICATES } from './sweep-fixtures.js';
import { VALIDATED } from './validation-fixtures.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const skip =
  existsSync(CHROMIUM) || process.env.CI === 'true' ? false : `${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does)`;

/** One report per kind of plot the builders make: curves, bars, each sweep plot, confusion matrices. */
const REPORTS: Record<string, RunResult[]> = {
  'two runs, a failed and a diverged one': [...RUNS, DIVERGED],
  replicates: REPLICATES,
  'lr × batch grid': GRID,
  'random search': RANDOM,
  'validation and confusion matrices on two datasets': [...MANY, ...VALIDATED],
};

test('index.html draws every plot in headless Chromium, offline, without a console error', { skip, timeout: 300_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mlplab-html-'));
  // Root needs --no-sandbox; there is no GPU to use.
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    for (const [name, runs] of Object.entries(REPORTS)) {
      await t.test(name, async () => {
        const out = join(dir, name.replace(/\W+/g, '-'));
        await writeReport(out, { experiment: { name, description: 'A fixture.', file: 'x.yaml', source: 'name: x\n' }, runs });
        await checkPage(browser, join(out, 'index.html'));
      });
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function checkPage(browser: Browser, file: string): Promise<void> {
  const page = await browser.newPage();
  try {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`uncaught: ${String(err)}`));
    // Offline from the file system: any request that is not the file itself (a CDN script, a font)
    // is refused and reported.
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('file:') || req.url().startsWith('data:')) return void req.continue();
      problems.push(`network request: ${req.url()}`);
      void req.abort();
    });
    await page.setViewport({ width: 1200, height: 800 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Browser-side code as strings: the tests compile without the DOM's types.
    const all = `[...document.querySelectorAll(${JSON.stringify(PLOT_SELECTOR)})]`;
    await page.waitForFunction(`${all}.every((el) => el.dataset.rendered)`, { timeout: 30_000 });
    const drawn = `${all}.map((el) => ({ plot: el.dataset.plot, rendered: el.dataset.rendered, marks: el.querySelectorAll('svg.marks [class^="mark-"] > *').length }))`;
    const plots = (await page.evaluate(drawn)) as { plot: string; rendered: string; marks: number }[];
    assert.deepEqual(problems, []);
    assert.ok(plots.length >= 2, `only ${plots.length} plots on the page`);
    for (const p of plots) {
      assert.equal(p.rendered, 'true', `${p.plot} was not drawn`);
      assert.ok(p.marks > 10, `${p.plot} drew only ${p.marks} marks`);
    }
    const shot = decodePng(await page.screenshot({ type: 'png', fullPage: true }));
    const { ink, coloured, total } = inkStats(shot);
    assert.ok(ink > total / 50 && coloured > 2000, `the screenshot is nearly blank: ${ink} of ${total} pixels inked, ${coloured} coloured`);
    await checkInteractions(page);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
}

/** The learning curves zoom on the scroll wheel and fade the other series on a legend click. */
async function checkInteractions(page: Page): Promise<void> {
  const svg = `document.querySelector('[data-plot="learning-curves"] svg.marks')`;
  const markup = async () => (await page.evaluate(`${svg}.innerHTML`)) as string;
  const changes = async (action: () => Promise<void>, what: string) => {
    const before = await markup();
    await action();
    for (let i = 0; i < 40 && (await markup()) === before; i++) await new Promise((r) => setTimeout(r, 50));
    assert.notEqual(await markup(), before, `${what} changed nothing`);
  };
  const box = async (selector: string) => {
    const js = `(() => { const el = ${selector}; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()`;
    return (await page.evaluate(js)) as [number, number, number, number];
  };
  // The first panel's plot area: the first view background of a real size.
  const [x, y, w, h] = await box(`[...${svg}.querySelectorAll('path.background')].find((p) => p.getBoundingClientRect().width > 50)`);
  await changes(async () => {
    await page.mouse.move(x + w / 2, y + h / 2);
    await page.mouse.wheel({ deltaY: -400 });
  }, 'scrolling on the learning curves');
  const [lx, ly, lw, lh] = await box(`${svg}.querySelector('.role-legend-symbol path')`);
  await changes(() => page.mouse.click(lx + lw / 2, ly + lh / 2), 'clicking a legend entry');
  assert.match(await markup(), /opacity="0\.2"/, 'no series was faded');
}
