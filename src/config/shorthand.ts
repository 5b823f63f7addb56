// Layer shorthands → one spelling, `{ name: { options } }`, so that schema defaults (e.g. a linear
// layer's init) can be filled into the options and later stages meet a single form:
//   relu, { relu: null }, { relu: {} }          → { relu: {} }
//   linear, { linear: null }                    → { linear: {} }
//   { linear: 128 }                             → { linear: { units: 128 } }
//   { dropout: 0.2 }, { leaky_relu: 0.1 }       → { dropout: { rate: 0.2 } }, { leaky_relu: { slope: 0.1 } }
// Runs after validation, so every layer is one of the forms the schema accepts.

import { LAYERS } from '../nn/layers/index.js';

/** The option a bare number stands for, per layer (`{ linear: 128 }` means 128 units): the registry's. */
const NUMBER_SHORTHAND: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LAYERS).flatMap(([name, kind]): [string, string][] => (kind.shorthand === undefined ? [] : [[name, kind.shorthand]])),
);

type WrittenLayer = string | Record<string, null | number | Record<string, unknown>>;

function desugarLayer(layer: WrittenLayer): Record<string, Record<string, unknown>> {
  if (typeof layer === 'string') return { [layer]: {} };
  const [name, options] = Object.entries(layer)[0];
  if (options === null) return { [name]: {} };
  if (typeof options === 'number') return { [name]: { [NUMBER_SHORTHAND[name]]: options } };
  return { [name]: options };
}

/** A copy of validated experiment data with `model.layers` desugared. */
export function desugarLayers(data: unknown): unknown {
  // Validated data: model.layers exists and holds only the forms above.
  const experiment = data as { model: { layers: WrittenLayer[] } & Record<string, unknown> } & Record<string, unknown>;
  return { ...experiment, model: { ...experiment.model, layers: experiment.model.layers.map(desugarLayer) } };
}

/** A layer written in a shorthand form (a name, `{ name: null }`, `{ linear: 128 }`). */
function isShorthand(layer: unknown): layer is WrittenLayer {
  if (typeof layer === 'string') return true;
  if (layer === null || typeof layer !== 'object' || Array.isArray(layer) || Object.keys(layer).length !== 1) return false;
  const [name, options] = Object.entries(layer)[0];
  return options === null || (typeof options === 'number' && Object.hasOwn(NUMBER_SHORTHAND, name));
}

/**
 * Spell out, in place, the one layer a path reaches into (`model.layers[0].linear.units` when
 * the file wrote `- linear: 128`), so a `--set` can address an option the shorthand left
 * implicit. Runs before validation, so anything but a recognisable shorthand is left as it is.
 */
export function desugarLayerAt(data: unknown, path: readonly (string | number)[]): void {
  const [model, layers, index] = path;
  if (model !== 'model' || layers !== 'layers' || typeof index !== 'number' || path.length < 5) return;
  const list = (data as { model?: { layers?: unknown } } | null)?.model?.layers;
  if (Array.isArray(list) && isShorthand(list[index])) list[index] = desugarLayer(list[index]);
}
