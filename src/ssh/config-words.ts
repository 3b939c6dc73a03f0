// Splitting one ssh_config line the way OpenSSH does (readconf.c + misc.c argv_split), so quoting,
// `Key=value` and trailing comments mean exactly what they mean to ssh.

export interface ConfigWord {
  text: string;
  /** 1-based column where the word starts. */
  col: number;
}

// A line is a keyword with arguments, nothing (blank/comment), or a quoting error.
export type ConfigLine =
  /** `rest`: the line after the keyword as written (ProxyCommand keeps it verbatim, quotes and all). */
  | { keyword: ConfigWord; args: ConfigWord[]; rest: string }
  | { empty: true }
  | { error: string; col: number };

// `Keyword value`, `Keyword=value`, `Keyword = value`; blank lines and `#` lines are empty.
export function splitConfigLine(line: string): ConfigLine {
  let i = skipBlanks(line, 0);
  if (i >= line.length || line[i] === '#') return { empty: true };
  const start = i;
  while (i < line.length && !isBlank(line[i]) && line[i] !== '=') i++;
  const keyword = { text: line.slice(start, i), col: start + 1 };
  i = skipBlanks(line, i);
  if (line[i] === '=') i = skipBlanks(line, i + 1);
  const rest = line.slice(i).replace(/[\s\f]+$/, '');
  const args = splitArgs(line, i);
  if ('error' in args) return args;
  return { keyword, args: args.words, rest };
}

// argv_split: quotes group (and may sit mid-word), `\` escapes quotes, `\` and (unquoted) space;
// an unquoted word starting with `#` begins a comment.
function splitArgs(line: string, from: number): { words: ConfigWord[] } | { error: string; col: number } {
  const words: ConfigWord[] = [];
  let i = from;
  for (;;) {
    i = skipBlanks(line, i);
    if (i >= line.length || line[i] === '#') return { words };
    const col = i + 1;
    let text = '';
    let quote = '';
    let quoteCol = 0;
    for (; i < line.length; i++) {
      const c = line[i];
      const next = line[i + 1];
      if (c === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) i++;
        text += line[i];
      } else if (quote === '' && isBlank(c)) {
        break;
      } else if (quote === '' && (c === '"' || c === "'")) {
        quote = c;
        quoteCol = i + 1;
      } else if (quote !== '' && c === quote) {
        quote = '';
      } else {
        text += c;
      }
    }
    if (quote !== '') return { error: 'invalid quotes: no closing quote', col: quoteCol };
    words.push({ text, col });
  }
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

function skipBlanks(line: string, i: number): number {
  while (i < line.length && isBlank(line[i])) i++;
  return i;
}
