// results/<experiment>/index.html: the report's plots, live in a browser (tooltips, zoom, legend
// selection, the export menu of vega-embed), from the same Vega-Lite specs as plots/*.vl.json
// with the parameters of interactive.ts added. One self-contained file:
// the vega, vega-lite and vega-embed builds are inlined, so it opens offline from the file system
// (no CDN, no server, no folder beside it), and the folder can be copied or attached as it is.
// Pure: the page is a function of the plots and the scripts, so redrawing changes no byte.

import { interactive } from './interactive.js';
import type { Plot } from './plots.js';
import type { VendorScripts } from './vendor.js';

/** Where a browser test finds a plot and learns that it was drawn (`data-rendered`). */
export const PLOT_SELECTOR = '[data-plot]';

/** What the page needs: the experiment's name and description, and the plots in README order. */
export interface HtmlPage {
  name: string;
  description: string;
  plots: readonly Plot[];
}

export function buildHtml(page: HtmlPage, scripts: VendorScripts): string {
  const specs = Object.fromEntries(page.plots.map((p) => [p.stem, interactive(p.spec)]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.name)} · mlplab report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 80em; padding: 0 1em; color: #222; }
figure { margin: 2.5em 0; }
figcaption { color: #555; margin-top: 0.5em; }
.plot { overflow-x: auto; }
</style>
${inlineScript(scripts.vega)}
${inlineScript(scripts['vega-lite'])}
${inlineScript(scripts['vega-embed'])}
</head>
<body>
<h1>${escapeHtml(page.name)}</h1>
${page.description.trim() === '' ? '' : `<p>${inlineMarkdown(page.description.trim())}</p>\n`}<p>Hover a mark for its values; drag or scroll to zoom, double-click to reset; click a legend entry
to pick out its series (shift-click for more). The <strong>…</strong> menu of a plot saves it as SVG or PNG and
shows its Vega-Lite source. The tables, the experiment file and the same plots as files are in <a href="README.md">README.md</a>.</p>
${page.plots.map(figure).join('\n')}
<script type="application/json" id="mlplab-specs">${jsonInHtml(specs)}</script>
<script>
(() => {
  const specs = JSON.parse(document.getElementById('mlplab-specs').textContent);
  const options = { renderer: 'svg', actions: { export: true, source: true, compiled: false, editor: false } };
  for (const el of document.querySelectorAll('${PLOT_SELECTOR}')) {
    vegaEmbed(el, specs[el.dataset.plot], options).then(
      () => { el.dataset.rendered = 'true'; },
      (err) => { el.dataset.rendered = 'error'; el.textContent = 'This plot could not be drawn: ' + err.message; console.error(err); },
    );
  }
})();
</script>
</body>
</html>
`;
}

function figure(plot: Plot): string {
  return `<figure id="${plot.stem}">
<h2>${escapeHtml(plot.title)}</h2>
<div class="plot" data-plot="${plot.stem}"></div>
<figcaption>${inlineMarkdown(plot.caption)}</figcaption>
</figure>`;
}

/**
 * A script's text inside <script>: the HTML parser ends the element at the first `</script`,
 * whatever the JavaScript around it means, so that sequence is broken up (`<\/` means `</` in a
 * JavaScript string or regular expression, the only places it can occur).
 */
function inlineScript(code: string): string {
  return `<script>${code.replace(/<\/(script)/gi, '<\\/$1')}</script>`;
}

/** JSON the HTML parser cannot end early: every `<` as \u003c, which JSON.parse reads back. */
function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The Markdown the captions use: `code` and **bold**, after escaping everything else. */
function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}
