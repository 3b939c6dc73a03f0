// `validate` checks what the plan compiler would find when it loads includes: the runbook exists
// and loads, every include param is one it declares, and every param it requires is given. The
// reading is injected, so this stays free of I/O.
import type { Diagnostic } from '../errors.js';
import { InputError } from '../errors.js';
import type { ParsedRunbook } from './load.js';
import type { Runbook, Step } from './schema.js';
import { suggest } from './suggest.js';
import type { FieldPath, Position } from './yaml-locate.js';

export interface IncludeReader {
  /** The file an include ref names (throws InputError when there is none). */
  resolve(ref: string, fromFile: string): string;
  parse(file: string): ParsedRunbook;
}

export function checkIncludes(runbook: Runbook, file: string, locate: (path: FieldPath) => Position | undefined, reader: IncludeReader): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: FieldPath) => ({ file, ...locate(path), path: path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').slice(1) });
  const visit = (steps: Step[], prefix: FieldPath) =>
    steps.forEach((step, i) => {
      const path = [...prefix, i];
      if (step.kind === 'foreach') visit(step.foreach.steps, [...path, 'foreach', 'steps']);
      if (step.kind !== 'include') return;
      let child: string;
      try {
        child = reader.resolve(step.include.runbook, file);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        for (const d of e.diagnostics) out.push({ ...at([...path, 'include', 'runbook']), message: d.message, hint: d.hint });
        return;
      }
      const parsed = reader.parse(child);
      if (!parsed.runbook) {
        out.push({ ...at([...path, 'include', 'runbook']), message: `the included runbook ${child} does not load (${parsed.diagnostics.length} problem${parsed.diagnostics.length === 1 ? '' : 's'})`, hint: `run opsctl validate ${child}` });
        return;
      }
      const declared = parsed.runbook.params;
      for (const name of Object.keys(step.include.params)) {
        if (Object.hasOwn(declared, name)) continue;
        const close = suggest(name, Object.keys(declared));
        out.push({ ...at([...path, 'include', 'params', name]), message: `unknown param "${name}" for ${parsed.runbook.metadata.name}`, hint: close ? `did you mean "${close}"?` : `its params: ${Object.keys(declared).join(', ') || 'none'}` });
      }
      for (const [name, spec] of Object.entries(declared)) {
        if (spec.required && spec.default === undefined && !Object.hasOwn(step.include.params, name)) {
          out.push({ ...at([...path, 'include']), message: `missing required param "${name}" for ${parsed.runbook.metadata.name}`, hint: `add ${name}: under include.params` });
        }
      }
    });
  visit(runbook.steps, ['steps']);
  visit(runbook.finally, ['finally']);
  return out;
}
