import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildPlots } from '../../src/report/plots.js';
import { renderSvg } from '../../src/report/plots/render.js';
import { opacityToPaint, PNG_SCALE, renderPng } from '../../src/report/png.js';
import { decodePng, inkStats } from '../helpers/png.js';
import { DIVERGED, RUNS } from './fixtures.js';

const text = (family: string, weight = 'normal') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-family="${family}" font-size="20" font-weight="${weight}">mlplab 0.9 ×</text></svg>`;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('a plot renders to a PNG at twice its SVG size, the same bytes every time', async () => {
  const svg = await renderSvg(buildPlots(RUNS).find((p) => p.stem === 'final-accuracy')!.spec);
  const png = renderPng(svg);
  const [, w, h] = /^<svg[^>]*\bwidth="(\d+)" height="(\d+)"/.exec(svg)!;
  const image = decodePng(png);
  assert.deepEqual([image.width, image.height], [Number(w) * PNG_SCALE, Number(h) * PNG_SCALE]);
  assert.ok(inkStats(image).coloured > 1000, 'the bars are drawn in colour');
  assert.equal(sha(renderPng(svg)), sha(png));
});

test('text is drawn with the bundled DejaVu Sans whatever family the SVG names', () => {
  const sans = renderPng(text('sans-serif'));
  assert.ok(inkStats(decodePng(sans)).ink > 200, 'the text is drawn');
  // No system font is consulted: a family this machine may have (Liberation Sans comes with
  // Debian's chromium) gives the same pixels as one nobody has.
  for (const family of ['Helvetica', 'Arial', 'Liberation Sans', 'DejaVu Sans', 'no such font'])
    assert.equal(sha(renderPng(text(family))), sha(sans), family);
  assert.notEqual(sha(renderPng(text('sans-serif', 'bold'))), sha(sans), 'bold has its own face');
});

test('the PNG bytes are pinned: a different font or renderer version shows up here', () => {
  // Fails when resvg or the bundled font changes, which changes every committed PNG: update the
  // hash in the same commit that redraws the reports.
  assert.equal(sha(renderPng(text('sans-serif'))), '315ca16858404dd308b925a27b9b2efb2d57c0639ffc8aea7d654c77eea7ee35');
});

// resvg 2.6 aborts the process on a layer wholly outside the canvas (see png.ts): were the rewrite
// to regress, this file would die with SIGABRT rather than fail an assertion.
const canvas = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><clipPath id="clip1"><rect x="0" y="0" width="50" height="50"/></clipPath></defs>${body}</svg>`;
const POINT = 'd="M3,0A3,3,0,1,1,-3,0A3,3,0,1,1,3,0" fill="#4c78a8"';

test('marks that leave the plot (a diverged run) render instead of aborting the process', async () => {
  const empty = sha(renderPng(canvas('')));
  assert.equal(sha(renderPng(canvas(`<g clip-path="url(#clip1)"><path d="M0,1170L160,1323" stroke="#000"/></g>`))), empty);
  assert.equal(sha(renderPng(canvas(`<path transform="translate(0,1170)" ${POINT} opacity="0.7"/>`))), empty);
  const diverged = buildPlots([...RUNS, DIVERGED]).find((p) => p.stem === 'learning-curves')!.spec;
  assert.ok(inkStats(decodePng(renderPng(await renderSvg(diverged)))).coloured > 1000);
});

test('a semi-transparent mark keeps its look without a layer', () => {
  const point = `<path transform="translate(20,20)" ${POINT} opacity="0.7"/>`;
  assert.equal(
    opacityToPaint(point),
    '<path transform="translate(20,20)" d="M3,0A3,3,0,1,1,-3,0A3,3,0,1,1,3,0" fill="#4c78a8" fill-opacity="0.7" stroke-opacity="0.7"/>',
  );
  const [a, b] = [canvas(point), canvas(opacityToPaint(point))].map((s) => decodePng(renderPng(s)).data);
  assert.ok(
    a!.every((v, i) => Math.abs(v - b![i]!) <= 1),
    'the same pixels, up to rounding',
  );
});
