// A position inside a string value → line:col in the runbook, so a template error in the middle
// of a `run: |` block points at its line, not at the `|`. Walks the scalar's source beside its
// value, skipping what YAML removed (indentation, quotes, escapes, folded line breaks).
import { isScalar, type Document, type LineCounter } from 'yaml';
import { nodeAt, type FieldPath, type Position } from './yaml-locate.js';

// The position of character `offset` of the string at `path`, or undefined when it cannot be told.
export function locateInScalar(doc: Document, lines: LineCounter, text: string, path: FieldPath, offset: number): Position | undefined {
  const node = nodeAt(doc, path);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const src = text.slice(node.range[0], node.range[1]);
  const at = sourceIndex(src, String(node.type ?? 'PLAIN'), node.value, offset);
  return at === undefined ? undefined : lines.linePos(node.range[0] + at);
}

function sourceIndex(src: string, type: string, value: string, target: number): number | undefined {
  const block = type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED';
  let i = block ? src.indexOf('\n') + 1 : type === 'PLAIN' ? 0 : 1;
  if (block && i === 0) return undefined;
  const indent = block ? /^( *)\S/m.exec(src.slice(i))?.[1].length ?? 0 : Infinity;
  const skipIndent = () => {
    for (let k = 0; k < indent && (src[i] === ' ' || (!block && src[i] === '\t')); k++) i++;
  };
  if (block) skipIndent();
  for (let j = 0; j < target; ) {
    const sc = src[i];
    const vc = value[j];
    if (sc === undefined) return undefined;
    if (type === 'QUOTE_DOUBLE' && sc === '\\') {
      if (src[i + 1] === '\n') (i += 2), skipIndent();
      else (i += ({ x: 4, u: 6, U: 10 } as Record<string, number>)[src[i + 1]] ?? 2), j++;
    } else if (type === 'QUOTE_SINGLE' && sc === "'" && src[i + 1] === "'") (i += 2), j++;
    else if (sc === '\n') {
      i++;
      if (vc === '\n' || vc === ' ') j++;
      skipIndent();
    } else if (sc === vc) i++, j++;
    else if (sc === ' ' || sc === '\t') i++;
    else return undefined;
  }
  return i;
}
