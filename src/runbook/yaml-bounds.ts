// Inputs that would make the YAML parser or any walk over the data recurse without end: nesting
// deeper than any runbook needs (the parser's own recursion overflows near a thousand levels) and
// aliases that refer to a node they sit inside (a cyclic value). Both are refused with a position
// before the data is built.
import { isAlias, visit, type Document, type LineCounter } from 'yaml';
import type { Diagnostic } from '../errors.js';

/** Far above any real runbook (the built-in ones nest at most ~10 levels). */
export const MAX_YAML_DEPTH = 64;

// A lexical pass over the text: block indentation levels plus open [ and {, outside quotes,
// comments and block scalars. Returns where the limit is first passed.
export function findDeepNesting(text: string, max = MAX_YAML_DEPTH): { line: number; col: number } | undefined {
  const indents: number[] = [];
  let flow = 0;
  let scalarParent: number | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const indent = /^ */.exec(line)![0].length;
    const content = line.slice(indent).replace(/\r$/, '');
    if (scalarParent !== undefined) {
      if (content === '' || indent > scalarParent) continue;
      scalarParent = undefined;
    }
    if (content === '' || content.startsWith('#')) continue;
    let depth = 0;
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      depth = indents.length + (/^(?:-\s+)+/.exec(content)?.[0].split('-').length ?? 1) - 1;
      if (depth > max) return { line: n + 1, col: indent + 1 };
      if (/(?:^|\s)[|>][0-9+-]*\s*(?:#.*)?$/.test(content)) scalarParent = indent;
    }
    let prev = '';
    for (let i = 0; i < content.length; i++) {
      const c = content[i];
      if ((c === "'" || c === '"') && (prev === '' || '[{,:-?'.includes(prev))) {
        const close = closingQuote(content, i);
        if (close < 0) break;
        i = close;
      } else if (c === '#' && (i === 0 || content[i - 1] === ' ')) break;
      else if (c === '[' || c === '{') {
        if (indents.length + ++flow > max) return { line: n + 1, col: indent + i + 1 };
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      if (c !== ' ' && c !== '\t') prev = c;
    }
  }
  return undefined;
}

function closingQuote(s: string, open: number): number {
  const q = s[open];
  for (let i = open + 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

// An alias inside the node its anchor names (`a: &x { self: *x }`) would make the data cyclic.
export function findCyclicAliases(doc: Document, lines: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Alias(_key, node, path) {
      if (!isAlias(node)) return;
      const target = node.resolve(doc);
      if (!target || !path.includes(target as never)) return;
      const { line, col } = lines.linePos(node.range?.[0] ?? 0);
      out.push({ file, line, col, message: `the alias *${node.source} refers to a node that contains it, which makes the value infinite`, hint: 'an alias may only repeat a node defined outside it' });
    },
  });
  return out;
}
