// A value made literal for the shell context its `{{ }}` stands in (see shell-lex.ts). Used when a
// plan is compiled and again when the engine fills in captures and secrets, so both agree.
import { TemplateError } from './errors.js';
import { ansiQuoteEscape, doubleQuoteEscape, shellQuote, singleQuoteEscape } from './quote.js';
import type { QuoteContext } from './shell-lex.js';
import { toText } from './values.js';

// Text for the context; a list is one word per item unquoted, its items joined by spaces inside quotes.
export function escapeForContext(value: unknown, context: QuoteContext, what: string, offset: number): string {
  const items = Array.isArray(value) ? value.map((x) => toText(x, what, offset)) : [toText(value, what, offset)];
  items.forEach((t) => rejectNul(t, what, offset));
  switch (context.kind) {
    case 'unquoted':
      return items.map(shellQuote).join(' ');
    case 'double':
      return doubleQuoteEscape(items.join(' '));
    case 'single':
      return singleQuoteEscape(items.join(' '));
    case 'ansi':
      return ansiQuoteEscape(items.join(' '));
    case 'comment':
      // A newline would end the comment and start a command; in a comment it means nothing.
      return items.join(' ').replace(/[\r\n]+/g, ' ');
    case 'heredoc': {
      const text = items.join(' ');
      if (text.includes('\n') || text.includes(context.delimiter)) {
        throw new TemplateError(`${what} cannot go into the heredoc: it holds a ${text.includes('\n') ? 'newline' : `"${context.delimiter}"`}, which could end the heredoc early`, offset, {
          hint: 'pass multi-line values as a file (copy:) or an env: variable, or pick a delimiter the value cannot contain',
        });
      }
      return text;
    }
  }
}

// No command can carry a NUL byte (execve and the SSH protocol end the string there).
export function rejectNul(text: string, what: string, offset: number): void {
  const at = text.indexOf('\0');
  if (at >= 0) throw new TemplateError(`${what} contains a NUL byte (at character ${at + 1}), which no command can carry`, offset);
}
