// SVG → PNG for slides and papers, with resvg (a Rust renderer whose npm package ships prebuilt
// binaries). Vega's SVG asks for the generic family `sans-serif`, which is a different font on
// every machine; resvg here loads no system font at all and maps every family to the DejaVu Sans
// bundled in assets/fonts/, so the same SVG gives the same PNG bytes anywhere.

import { existsSync } from 'node:fs';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { fileURLToPath } from 'node:url';

/** From dist/src/report/ (and src/report/ alike) up to the package root. */
const FONT_DIR = new URL('../../../assets/fonts/', import.meta.url);
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(f, FONT_DIR)));
const FAMILY = 'DejaVu Sans';

/** Pixels per SVG pixel: sharp on a slide or a printed page, and still a small file. */
export const PNG_SCALE = 2;

const OPTIONS: ResvgRenderOptions = {
  fitTo: { mode: 'zoom', value: PNG_SCALE },
  // Slides and papers are white; a transparent PNG shows dark text on a dark theme.
  background: 'white',
  font: {
    loadSystemFonts: false,
    fontFiles: FONT_FILES,
    defaultFontFamily: FAMILY,
    sansSerifFamily: FAMILY,
    serifFamily: FAMILY,
    monospaceFamily: FAMILY,
  },
};

/**
 * Renders an SVG document to PNG bytes. resvg skips a font file it cannot read and then draws no
 * text at all, so a missing bundled font is an error here rather than a PNG without labels.
 */
export function renderPng(svg: string): Uint8Array {
  requireFonts();
  return new Resvg(forResvg(svg), OPTIONS).render().asPng();
}

/**
 * renderPng on libuv's thread pool (the same resvg call, so the same bytes): the main thread goes
 * on laying out the next plot with vega meanwhile.
 */
export async function renderPngAsync(svg: string): Promise<Uint8Array> {
  requireFonts();
  return (await renderAsync(forResvg(svg), OPTIONS)).asPng();
}

function requireFonts(): void {
  const missing = FONT_FILES.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`mlplab: the bundled font ${missing.join(', ')} is missing — reinstall mlplab`);
}

// resvg 2.6 aborts the whole process (a Rust panic it cannot unwind; 2.7 turns it into an error,
// still without a PNG) when a layer (an element with opacity < 1 or a clip path) lies entirely
// outside the canvas, as vega's marks do when data leaves the axis' domain (a diverged run's loss
// on a clipped plot). The SVG is rewritten so no such layer is needed; the SVG file is unchanged.

/** The SVG resvg gets: leaves without layers (opacityToPaint) and clip groups never empty (guardClips). */
function forResvg(svg: string): string {
  return guardClips(opacityToPaint(svg));
}

/**
 * A shape's `opacity` as its fill and stroke opacities instead: the same pixels for a shape that is
 * only filled or only stroked (all of vega's semi-transparent marks), and no layer to render.
 */
export function opacityToPaint(svg: string): string {
  return svg.replace(/<(?:path|rect|circle|ellipse|line|polyline|polygon|text)\b(?:[^>"]|"[^"]*")*>/g, (tag) => {
    const opacity = attr(tag, 'opacity');
    if (opacity === undefined || !(opacity < 1)) return tag;
    const times = (name: string) => ` ${name}="${(attr(tag, name) ?? 1) * opacity}"`;
    const rest = tag.replace(/\s(?:fill-|stroke-)?opacity="[^"]*"/g, '');
    return rest.replace(/\s*(\/?)>$/, `${times('fill-opacity')}${times('stroke-opacity')}$1>`);
  });
}

/** Each clipped group gets, as its first child, a transparent copy of its clip shape, inside the canvas. */
function guardClips(svg: string): string {
  const shapes = new Map<string, string>();
  for (const [, id, shape] of svg.matchAll(/<clipPath id="([^"]+)">(<(?:rect|path|circle|ellipse|polygon)\b[^>]*?)\/?><\/clipPath>/g))
    shapes.set(id!, `${shape!} fill="#fff" fill-opacity="0"/>`);
  return svg.replace(
    /<g\b(?:[^>"]|"[^"]*")*?\sclip-path="url\(#([^)"]+)\)"(?:[^>"]|"[^"]*")*>/g,
    (open, id: string) => open + (shapes.get(id) ?? ''),
  );
}

function attr(tag: string, name: string): number | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m === null ? undefined : Number(m[1]);
}
