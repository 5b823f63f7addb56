// The browser builds of vega, vega-lite and vega-embed that index.html inlines, read from the
// installed packages: the very versions that compiled and rendered the SVGs, so the page and the
// files show the same plots. Read once per process.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Package → its minified browser build, which sits beside the package's main module. */
const BUILDS = { vega: 'vega.min.js', 'vega-lite': 'vega-lite.min.js', 'vega-embed': 'vega-embed.min.js' } as const;

export type VendorScripts = Record<keyof typeof BUILDS, string>;

let cached: VendorScripts | undefined;

/** The three scripts, in the order a page must load them (vega-embed needs both globals). */
export function vendorScripts(): VendorScripts {
  cached ??= Object.fromEntries(
    Object.entries(BUILDS).map(([pkg, file]) => [pkg, readFileSync(fileURLToPath(new URL(file, import.meta.resolve(pkg))), 'utf8')]),
  ) as VendorScripts;
  return cached;
}
