// zod issues from the opsctl inventory schema → diagnostics at the offending key or value, worded
// for an operator ("unknown field", "missing required field") rather than in zod's terms.
import type { z } from 'zod';
import type { Diagnostic } from '../errors.js';
import { formatPath, locateKey, locateValue } from '../runbook/yaml-locate.js';
import type { YamlSource } from './yaml-source.js';

const CONNECTION = ['address', 'port', 'user', 'identityFile', 'become', 'becomeUser', 'proxyJump'];

// The fields a mapping at `path` may hold, for the hint on an unknown one.
function knownFields(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return ['apiVersion', 'kind', 'defaults', 'hosts', 'groups'];
  if (path[0] === 'defaults') return CONNECTION;
  if (path[0] === 'hosts') return [...CONNECTION, 'groups', 'vars'];
  return ['hosts', 'children'];
}

// One zod issue → one diagnostic per offending key or value.
export function issueDiagnostics(issue: z.core.$ZodIssue, src: YamlSource, file: string): Diagnostic[] {
  const path = issue.path;
  const at = (p: readonly PropertyKey[]) => {
    const { line, col } = locateValue(src.doc, src.lines, p);
    return { file, line, col, path: formatPath(p) };
  };
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      ...locateKey(src.doc, src.lines, path, key),
      path: formatPath([...path, key]),
      message: `unknown field "${key}"`,
      hint: `expected one of ${knownFields(path).join(', ')}`,
    }));
  }
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1]);
    return [{ ...at(path), message: `${issue.issues[0]?.message ?? 'invalid name'}, found ${JSON.stringify(key)}` }];
  }
  const located = locateValue(src.doc, src.lines, path);
  if (!located.exists && valueAt(src, path) === undefined) {
    return [{ ...at(path), message: `missing required field "${String(path[path.length - 1])}"` }];
  }
  if (issue.code === 'invalid_value') {
    return [{ ...at(path), message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${JSON.stringify(valueAt(src, path))}` }];
  }
  if (issue.code === 'invalid_type' && !/^Invalid input/.test(issue.message)) return [{ ...at(path), message: issue.message }];
  if (issue.code === 'invalid_type') {
    return [{ ...at(path), message: `expected ${issue.expected}, found ${JSON.stringify(valueAt(src, path)) ?? 'nothing'}` }];
  }
  return [{ ...at(path), message: issue.message }];
}

function valueAt(src: YamlSource, path: readonly PropertyKey[]): unknown {
  return src.doc.getIn(path as unknown[], false);
}
