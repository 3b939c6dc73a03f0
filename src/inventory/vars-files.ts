// group_vars/ and host_vars/ files: YAML (or JSON) mappings of variables, read as Ansible reads
// them (YAML 1.1), each value keeping the file and line:col it was set at. Pure: text in.
import { isMap, isScalar } from 'yaml';
import type { Diagnostic } from '../errors.js';
import type { SourcedValue } from './host-vars.js';
import { parseYamlSource } from './yaml-source.js';

export function parseVarsFile(text: string, file: string): { vars: Map<string, SourcedValue>; diagnostics: Diagnostic[] } {
  const vars = new Map<string, SourcedValue>();
  if (/^\s*\$ANSIBLE_VAULT;/.test(text)) {
    return { vars, diagnostics: [{ file, line: 1, col: 1, message: 'vault-encrypted vars files are not read by opsctl', hint: 'keep connection variables in a plain vars file; secrets go in as secret params' }] };
  }
  const src = parseYamlSource(text, file, '1.1');
  if (src.diagnostics.length > 0) return { vars, diagnostics: src.diagnostics };
  const root = src.doc.contents;
  if (root == null || (isScalar(root) && root.value == null)) return { vars, diagnostics: [] };
  if (!isMap(root)) return { vars, diagnostics: [{ file, ...src.where(root), message: 'a vars file must be a mapping of variable names to values' }] };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (!key) continue;
    const node = pair.value as { toJS?: (d: unknown) => unknown } | null;
    vars.set(key, { value: node && typeof node.toJS === 'function' ? node.toJS(src.doc) : null, at: src.where(pair.key), file });
  }
  return { vars, diagnostics: [] };
}
