// `edit.removeLines` and `matches` take a regular expression; a value substituted into one is a
// literal (`ip=10.0.0.12|.*` matches only that text), a list one alternative per item, unless
// the expression ends in `| raw`.
import { renderPieces } from './render.js';
import type { TemplateContext } from './types.js';

// Special characters of a JavaScript regex escaped, so the text matches only itself.
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// A regex source from a template: literal text as written, values escaped.
export function renderPattern(template: string, ctx: TemplateContext): string {
  return renderPieces(template, ctx)
    .map((p) => (typeof p === 'string' ? p : p.raw ? p.items.join('|') : regexValue(p.items)))
    .join('');
}

// One value as a literal; several as a group of literal alternatives.
export function regexValue(items: string[]): string {
  return items.length === 1 ? escapeRegex(items[0]) : `(?:${items.map(escapeRegex).join('|')})`;
}
