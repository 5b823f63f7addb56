// Vega-Lite spec → Vega spec → SVG, headless. The only module that loads vega at run time; its
// loose types stay in here. Without the optional `canvas` package, text widths are estimated from
// the characters (text-width.ts), which is deterministic — the same spec gives the same SVG bytes anywhere.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import { textWidth } from './text-width.js';

// Layout by a per-character estimate instead of vega's 0.8 em for every character (see
// text-width.ts). vega exports the object but its types leave it out.
(vega as unknown as { textMetrics: { width: typeof textWidth } }).textMetrics.width = textWidth;

export type WarningHandler = (message: string) => void;

/** By default a warning (a spec the compiler had to guess about) is a Node process warning. */
const emitWarning: WarningHandler = (message) => process.emitWarning(message, 'VegaWarning');

/** Compiles to a Vega spec, reporting Vega-Lite's warnings instead of printing them. Throws on errors. */
export function compileToVega(spec: TopLevelSpec, onWarning: WarningHandler = emitWarning): vega.Spec {
  return compile(spec, { logger: logger(onWarning) }).spec;
}

/** Renders a Vega-Lite spec to an SVG document (a string starting with `<svg`). */
export async function renderSvg(spec: TopLevelSpec, onWarning: WarningHandler = emitWarning): Promise<string> {
  const view = new vega.View(vega.parse(compileToVega(spec, onWarning)), {
    renderer: 'none',
    logger: logger(onWarning),
  });
  try {
    return canonicalIds(await view.toSVG());
  } finally {
    view.finalize(); // drops timers and listeners so the process can exit
  }
}

/**
 * Vega numbers clip paths and gradients from process-wide counters (`clip7`), so the same plot
 * rendered second in a process would differ from the same plot rendered first. Renumber each
 * document's ids from 1 in order of appearance.
 */
function canonicalIds(svg: string): string {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const [, id, prefix] of svg.matchAll(/\bid="(([A-Za-z_-]+)\d+)"/g)) {
    if (ids.has(id!)) continue;
    const n = (counts.get(prefix!) ?? 0) + 1;
    counts.set(prefix!, n);
    ids.set(id!, `${prefix!}${n}`);
  }
  if (ids.size === 0) return svg;
  // One pass over every reference (`id="clip7"`, `url(#clip7)`), so a renamed id is never renamed
  // again; \b keeps `clip1` from matching inside `clip12`.
  const pattern = new RegExp(`\\b(${[...ids.keys()].join('|')})\\b`, 'g');
  return svg.replace(pattern, (id) => ids.get(id)!);
}

const EMPTY_EXTENT = /^Infinite extent for field "[^"]*": \[Infinity, -Infinity\]$/;

/** A vega logger: errors throw (a broken plot should fail the report), warnings go to the handler. */
function logger(onWarning: WarningHandler): vega.LoggerInterface {
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return vega.logger(vega.Warn, undefined, (method, _level, args) => {
    if (method === 'error') throw new Error(`vega: ${text(args)}`);
    const message = text(args);
    // A layer with no rows (every run of a search paused at a rung, or failed) has no extent; the
    // plot says so in its own text marks, so vega's note about it is noise, not a problem.
    if (EMPTY_EXTENT.test(message)) return;
    onWarning(message);
  });
}
