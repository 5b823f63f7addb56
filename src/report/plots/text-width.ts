// How wide vega thinks a text is, when it lays out titles, legends and axis labels. Without the
// optional `canvas` package vega guesses 0.8 em for every character, about half again as wide as
// real text in a sans-serif font: a title of 56 characters then claims 580 px, and the canvas
// grows around it, leaving the plot in a corner of a mostly empty figure. This estimate gives
// each character its advance width in DejaVu Sans (a common sans-serif and among the wider
// ones, so text never overruns the room made for it), by character class. It is a pure
// function of the text and the font size, so the same spec still gives the same SVG bytes anywhere.

/** Advance widths in em, by character class (DejaVu Sans, rounded up). */
const NARROW = 0.32; // i l j t f r I . , : ; ' ! | ( ) [ ] space
const DIGIT = 0.64;
const LOWER = 0.62;
const UPPER = 0.72;
const WIDE = 0.92; // m w M W % @ —
const BOLD = 1.1;

const classes: [RegExp, number][] = [
  [/[iljtfrI.,:;'!|()[\] ]/, NARROW],
  [/[mwMW%@—]/, WIDE],
  [/[0-9]/, DIGIT],
  [/[A-Z]/, UPPER],
];

function charWidth(c: string): number {
  for (const [pattern, width] of classes) if (pattern.test(c)) return width;
  return LOWER;
}

/** What vega's `textMetrics.width(item, text)` is called with: a text mark, or a legend/axis item. */
interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

/** The estimated width in pixels of `text` (or the item's own text) at the item's font size. */
export function textWidth(item: TextItem, text?: unknown): number {
  const value = text ?? item.text;
  const s = value == null ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
  let em = 0;
  for (const c of s) em += charWidth(c);
  return Math.ceil(em * size * (bold ? BOLD : 1));
}
