// Where the built lab tools are, from any module that needs to start one. The code that asks may
// run from src/ (tests), from dist/lab/tools/<tool>.js or from a shared bundle chunk in
// dist/chunks/, so a path relative to the asking module is wrong in at least one of them; the
// package root is the part before /src/ or /dist/ in this module's own URL.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  const here = fileURLToPath(import.meta.url);
  const cut = Math.max(here.lastIndexOf('/dist/'), here.lastIndexOf('/src/'));
  if (cut < 0) throw new Error(`opsctl: cannot find the package root from ${here}`);
  return here.slice(0, cut);
}

// dist/lab/tools: what the lab's wrappers exec and what lab daemons are started from.
export const labToolsDir = (): string => join(packageRoot(), 'dist/lab/tools');

// The built script of one lab tool, e.g. labToolScript('kubelet-sim').
export const labToolScript = (name: string): string => join(labToolsDir(), `${name}.js`);
