// Context-free checks for `opsctl validate`: syntax errors (all of them, not just the first) and
// the names a template refers to, so undefined params can be reported before anything runs.
import type { Node } from './ast.js';
import { TemplateError } from './errors.js';
import { collectPaths } from './paths.js';
import { pathText } from './serialize.js';
import { parseCondition, parseTemplate } from './template.js';

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
