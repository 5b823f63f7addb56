// What a reader sees wrong in a rendered plot, read back from the SVG vega writes: the same label
// twice in a legend or along an axis, a label cut short with `…`, and a canvas much wider than the
// plots on it. Vega's SVG is regular (groups with a role class, `translate` transforms, text in
// <text> elements), so a small tag walker is enough.

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
  /** Absolute x of the element's origin: the sum of its ancestors' translates. */
  x: number;
}

function parse(svg: string): Element {
  const root: Element = { tag: '#root', attrs: {}, children: [], text: '', x: 0 };
  const stack: Element[] = [root];
  const tags = /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (const m of svg.matchAll(tags)) {
    const parent = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      parent.text += m[5];
      continue;
    }
    if (m[1] === '/') {
      stack.pop();
      continue;
    }
    const attrs = Object.fromEntries([...(m[3] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    const dx = Number(/translate\(([-\d.]+)/.exec(attrs.transform ?? '')?.[1] ?? 0);
    const el: Element = { tag: m[2]!, attrs, children: [], text: '', x: parent.x + dx };
    parent.children.push(el);
    if (m[4] !== '/') stack.push(el);
  }
  return root;
}

function* walk(el: Element): Generator<Element> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

const hasClass = (el: Element, name: string) => (el.attrs.class ?? '').split(/\s+/).includes(name);
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** The texts of `role` marks under each group of class `group`, one array per group. */
function textsPerGroup(root: Element, group: string, role: string): string[][] {
  return [...walk(root)]
    .filter((el) => hasClass(el, group))
    .map((g) =>
      [...walk(g)]
        .filter((el) => hasClass(el, role))
        .flatMap((m) => [...walk(m)].filter((t) => t.tag === 'text').map((t) => decode(t.text))),
    );
}

/** The readability failures of one SVG, as sentences; empty when there are none. */
export function svgProblems(svg: string, minCoverage = 0.5): string[] {
  const root = parse(svg);
  const problems: string[] = [];
  const repeated = (texts: string[]) => [...new Set(texts.filter((t, i) => texts.indexOf(t) !== i))];
  for (const labels of textsPerGroup(root, 'role-legend', 'role-legend-label')) {
    for (const t of repeated(labels)) problems.push(`legend label repeated: ${t}`);
  }
  // A log axis leaves the labels of its minor ticks empty: those are not repeats.
  for (const labels of textsPerGroup(root, 'role-axis', 'role-axis-label').map((ls) => ls.filter((l) => l.trim() !== ''))) {
    for (const t of repeated(labels)) problems.push(`tick label repeated on one axis: ${t}`);
  }
  for (const t of [...walk(root)].filter((el) => el.tag === 'text')) {
    if (t.text.includes('…')) problems.push(`text cut short: ${decode(t.text)}`);
  }
  // The plots' frames: each view's outlined background path `M0.5,0.5h<w>v<h>…`, at its
  // absolute x (legends and titles have backgrounds too, without an outline).
  const spans = [...walk(root)]
    .filter((el) => el.tag === 'path' && hasClass(el, 'background') && el.attrs.stroke !== undefined)
    .map((el) => {
      const w = Number(/^M[-\d.]+,[-\d.]+h([\d.]+)/.exec(el.attrs.d ?? '')?.[1] ?? 0);
      return [el.x, el.x + w] as const;
    })
    .filter(([a, b]) => b - a > 0)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = -Infinity;
  for (const [a, b] of spans) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  const width = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
  if (width > 0 && covered / width < minCoverage) {
    problems.push(`plots cover ${Math.round((100 * covered) / width)}% of the canvas width (${width}px), under ${100 * minCoverage}%`);
  }
  return problems;
}
