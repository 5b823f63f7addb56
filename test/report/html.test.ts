import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { buildHtml } from '../../src/report/html.js';
import { interactive } from '../../src/report/interactive.js';
import { buildPlots } from '../../src/report/plots.js';
import { vendorScripts, type VendorScripts } from '../../src/report/vendor.js';
import { RUNS } from './fixtures.js';

const SCRIPTS: VendorScripts = { vega: 'var vega = {};', 'vega-lite': 'var s = "</script><b>";', 'vega-embed': 'function vegaEmbed() {}' };
const plots = buildPlots(RUNS);
const page = (over: Partial<Parameters<typeof buildHtml>[0]> = {}) =>
  buildHtml({ name: 'fixture-exp', description: 'The same MLP on `digits` & clothing.', plots, ...over }, SCRIPTS);

/** The JSON island's text, as the HTML parser delimits it: up to the first `</script`. */
const island = (html: string) => html.split('<script type="application/json" id="mlplab-specs">')[1]!.split('</script')[0]!;

test('every plot is on the page with its title, caption and the spec of its .vl.json, made interactive', () => {
  const html = page();
  assert.deepEqual(
    JSON.parse(island(html)),
    Object.fromEntries(plots.map((p) => [p.stem, JSON.parse(JSON.stringify(interactive(p.spec)))])),
  );
  for (const p of plots) assert.ok(html.includes(`<div class="plot" data-plot="${p.stem}"></div>`), p.stem);
  assert.ok(html.includes('<h1>fixture-exp</h1>\n<p>The same MLP on <code>digits</code> &amp; clothing.</p>'));
});

test('text from the runs cannot end a script early or inject markup', () => {
  const evil = plots.map((p) => ({
    ...p,
    title: '<img src=x>',
    spec: { ...p.spec, description: '</script><script>alert(1)</script><!--' },
  }));
  const html = page({ name: '<b>x</b>', plots: evil });
  assert.equal(JSON.parse(island(html))['learning-curves'].description, '</script><script>alert(1)</script><!--');
  assert.ok(!html.includes('<img') && !html.includes('<b>x'));
  // The three inlined scripts, the JSON island and the page's own script: nothing else closes one.
  assert.equal(html.match(/<\/script>/g)!.length, 5);
  assert.ok(html.includes('var s = "<\\/script><b>";'));
});

test('the page loads nothing from outside itself: no src, no stylesheet, one link to the README', () => {
  const html = page();
  assert.doesNotMatch(html, /\ssrc=|<link\b|@import/);
  assert.deepEqual(html.match(/href="[^"]*"/g), ['href="README.md"']);
});

test('the inlined builds are the versions that rendered the SVGs', () => {
  const scripts = vendorScripts();
  const embed = JSON.parse(readFileSync(new URL('../../../node_modules/vega-embed/package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  assert.ok(scripts.vega.includes(`version="${vega.version}"`), vega.version);
  assert.ok(scripts['vega-lite'].includes(`"${vegaLite.version}"`), vegaLite.version);
  assert.ok(scripts['vega-embed'].includes(`"${embed.version}"`), embed.version);
});
