// What index.html adds to a plot's spec so it can be explored: zoom and pan on every view with a
// quantitative axis (drag, scroll wheel; double-click resets), and a click on a legend entry that
// fades the other series. The files under plots/ stay static: these parameters only act in a
// browser. Pure, and generic over the spec's shape so a new plot gets them without a line here:
// a view is left as it is when it is faceted, already has parameters, or has nothing to act on.

import type { TopLevelSpec } from 'vega-lite';

type Node = { [key: string]: unknown };
type Encoding = { [channel: string]: { type?: string; field?: string; bin?: unknown } | undefined };

/** Faded series keep this share of their opacity: still there to compare, clearly not chosen. */
const FADED = 0.2;

export function interactive(spec: TopLevelSpec): TopLevelSpec {
  const copy = structuredClone(spec) as unknown as Node;
  let n = 0;
  const visit = (node: Node, inherited: Encoding): void => {
    for (const key of ['hconcat', 'vconcat', 'concat'] as const) for (const child of asNodes(node[key])) visit(child, {});
    if ('facet' in node || 'repeat' in node || 'params' in node) return;
    const encoding: Encoding = { ...inherited, ...(node.encoding as Encoding | undefined) };
    if (['row', 'column', 'facet'].some((c) => encoding[c] !== undefined)) return;
    const layers = asNodes(node.layer);
    if (layers.length === 0 && !('mark' in node)) return;
    if (layers.some((l) => 'params' in l || 'layer' in l)) return;
    const units = layers.length > 0 ? layers : [node];
    const host = units[0]!;
    const params: Node[] = [];
    const zoom = (['x', 'y'] as const).filter((c) => units.some((u) => isContinuous({ ...encoding, ...(u.encoding as Encoding) }[c])));
    if (zoom.length > 0) params.push({ name: `mlplab_zoom_${++n}`, select: { type: 'interval', encodings: zoom }, bind: 'scales' });
    const color = encoding.color;
    // The legend's selection lives in a layer that draws the colour field itself (not one that
    // overrides it with a fixed grey), or the legend has nothing to bind to there.
    const drawsColor = (u: Node): boolean => {
      const own = (u.encoding as Encoding | undefined)?.color;
      return own === undefined || (own.field === color?.field && !('condition' in own));
    };
    const legendHost = units.find(drawsColor);
    if (color?.type === 'nominal' && typeof color.field === 'string' && legendHost !== undefined && units.every((u) => !hasOpacity(u))) {
      const name = `mlplab_legend_${++n}`;
      const legend = { name, select: { type: 'point', fields: [color.field] }, bind: 'legend' };
      if (legendHost === host) params.push(legend);
      else legendHost.params = [legend];
      for (const u of units) {
        const o = markOpacity(u);
        u.encoding = { ...(u.encoding as Node | undefined), opacity: { condition: { param: name, value: o }, value: o * FADED } };
      }
    }
    if (params.length > 0) host.params = params;
  };
  visit(copy, {});
  return copy as unknown as TopLevelSpec;
}

function asNodes(value: unknown): Node[] {
  return Array.isArray(value) ? (value as Node[]) : [];
}

function isContinuous(def: Encoding[string]): boolean {
  return def?.type === 'quantitative' && def.bin === undefined;
}

/** A unit whose opacity is encoded already: another rule decides it, so no legend fading. */
function hasOpacity(unit: Node): boolean {
  return (unit.encoding as Encoding | undefined)?.opacity !== undefined;
}

/** The opacity a unit's mark is drawn with when nothing is faded. */
function markOpacity(unit: Node): number {
  const mark = unit.mark;
  return typeof mark === 'object' && mark !== null && typeof (mark as Node).opacity === 'number' ? ((mark as Node).opacity as number) : 1;
}
