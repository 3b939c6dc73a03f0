// Context-free checks for `opsctl validate`: syntax errors (all of them, not just the first) and
// the names a template refers to, so undefined params can be reported before anything runs.
import type { Node } from './ast.js';
import { TemplateError } from './errors.js';
import { collectPaths } from './paths.js';
import { pathText } from './serialize.js';
import { parseCondition, parseTemplate } from './template.js';
import { isRaw, pathOrText, unsafePlacement } from './render.js';
import { placeExpressions } from './shell-lex.js';

// Dotted references in order of first use, e.g. ['params.host', 'hosts.master-0.address', 'member'].
// Throws the first TemplateError on bad syntax. `condition`: the text is a `when:` expression.
export function referencesIn(template: string, opts: { condition?: boolean } = {}): string[] {
  const nodes: Node[] = opts.condition
    ? [parseCondition(template)]
    : parseTemplate(template).flatMap((s) => (s.type === 'expr' ? [s.node] : []));
  const refs = nodes.flatMap((n) => collectPaths(n)).map((p) => pathText(p.segments));
  return [...new Set(refs)];
}

// Every syntax error in a template (unclosed `{{`, bad tokens, unknown filters, wrong arity).
export function checkTemplateSyntax(template: string, opts: { condition?: boolean } = {}): TemplateError[] {
  const errors: TemplateError[] = [];
  try {
    if (opts.condition) parseCondition(template);
    else parseTemplate(template, (e) => errors.push(e));
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    errors.push(e);
  }
  return errors;
}

// Every `{{ }}` of a command standing where no escape keeps its value literal (backticks, an
// unquoted heredoc, program text for another interpreter…) and not marked `| raw`.
export function checkShellTemplate(template: string): TemplateError[] {
  const segments = parseTemplate(template, () => undefined); // syntax errors are checkTemplateSyntax's
  let placements;
  try {
    placements = placeExpressions(segments);
  } catch (e) {
    if (e instanceof TemplateError) return [e];
    throw e;
  }
  const errors: TemplateError[] = [];
  let k = 0;
  for (const s of segments) {
    if (s.type !== 'expr') continue;
    const p = placements[k++];
    if (p.kind === 'unsafe' && !isRaw(s.node)) errors.push(unsafePlacement(pathOrText(s.node), p, s.offset));
  }
  return errors;
}

// A template's literal texts, and its expressions as their index: the shape checks of other
// languages (result conditions, regexes) read the text around the values without knowing them.
export function templateShape(template: string): Array<string | number> {
  let n = 0;
  return parseTemplate(template, () => undefined).map((s) => (s.type === 'text' ? s.text : n++));
}

/** A name a template refers to, where, and whether a `default` filter makes it optional. */
export interface Reference {
  segments: string[];
  offset: number;
  lenient: boolean;
}

// Every path an expression mentions with its offset; syntax errors are skipped (reported elsewhere).
export function referencesAt(template: string, opts: { condition?: boolean } = {}): Reference[] {
  let nodes: Node[];
  try {
    nodes = opts.condition ? [parseCondition(template)] : parseTemplate(template, () => undefined).flatMap((s) => (s.type === 'expr' ? [s.node] : []));
  } catch (e) {
    if (e instanceof TemplateError) return [];
    throw e;
  }
  const out: Reference[] = [];
  const visit = (n: Node, lenient: boolean): void => {
    if (n.type === 'path') out.push({ segments: n.segments.map((s) => s.name), offset: n.offset, lenient });
    else if (n.type === 'pipe') visit(n.input, lenient || n.filters.some((f) => f.name === 'default'));
    else if (n.type === 'not') visit(n.operand, lenient);
    else if (n.type === 'compare' || n.type === 'logic') (visit(n.left, lenient), visit(n.right, lenient));
  };
  nodes.forEach((n) => visit(n, false));
  return out;
}
