// Parses a YAML inventory keeping source positions, so every problem can be shown at line:col.
// Syntax errors and path → position lookups reuse the runbook loader's helpers.
import { LineCounter, parseDocument, type Document, type Tags } from 'yaml';
import type { Diagnostic } from '../errors.js';
import { yamlDiagnostics } from '../runbook/yaml-errors.js';
import type { Where } from './host-vars.js';

export interface YamlSource {
  doc: Document.Parsed;
  lines: LineCounter;
  /** Syntax errors; when there are any, the tree is not worth checking further. */
  diagnostics: Diagnostic[];
  /** Where a node starts (1:1 when it has no position). */
  where(node: unknown): Where;
}

// Ansible reads YAML with PyYAML (YAML 1.1: `yes`/`no`/`on`/`off` are booleans), so its
// inventories ask for 1.1; unlike the yaml library's 1.1, PyYAML leaves `y` and `n` strings, and
// a float needs a dot (`e9` and `1e3` are strings, `1.0e+3` is a float).
export function parseYamlSource(text: string, file: string, version: '1.1' | '1.2' = '1.2'): YamlSource {
  const lines = new LineCounter();
  const customTags = version === '1.1' ? pyYamlTags : undefined;
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, version, customTags });
  const diagnostics = doc.errors.length > 0 ? yamlDiagnostics(doc, lines, file).filter((d) => !d.message.startsWith('warning:')) : [];
  const where = (node: unknown): Where => {
    const range = node && typeof node === 'object' && 'range' in node ? (node.range as number[] | null) : null;
    return range ? lines.linePos(range[0]) : { line: 1, col: 1 };
  };
  return { doc, lines, diagnostics, where };
}

const PY_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function pyYamlTags(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t === 'object' && t.tag === 'tag:yaml.org,2002:float' && 'test' in t && t.test) {
      return { ...t, test: new RegExp(`(?=${PY_FLOAT.source})${t.test.source}`) };
    }
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t;
    const test = t.test.test('true') ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
    return { ...t, test };
  });
}
