// Where each `{{ }}` of a command stands in the shell's grammar: unquoted, inside '…', "…",
// $'…', a quoted heredoc body or a comment — each has an escape that keeps the value literal —
// or somewhere no escape can (backticks, an unquoted heredoc, ${…}, $((…)), program text for
// another interpreter). Lexed from the template alone, so `validate` finds the unsafe ones.
import type { Segment } from './ast.js';
import { TemplateError } from './errors.js';
import { programReader, readsProgramOnStdin, type ShellWord } from './shell-programs.js';

/** A context with an escape that keeps any value literal. */
export type QuoteContext =
  | { kind: 'unquoted' }
  | { kind: 'double' }
  | { kind: 'single' }
  | { kind: 'ansi' }
  | { kind: 'heredoc'; delimiter: string }
  | { kind: 'comment' };
export type Placement = QuoteContext | { kind: 'unsafe'; why: string; hint: string };

type Item = string | number; // a character, or the index of a `{{ }}` among the template's expressions
interface Word extends ShellWord {
  phs: number[];
  quoted: boolean;
  redirect: boolean;
}
interface Heredoc {
  delimiter?: string; // undefined when the delimiter itself is templated
  quoted: boolean;
  strip: boolean;
  reader?: string;
}
interface Command {
  words: Word[];
  cur?: Word;
  heredocs: Heredoc[];
  nextRedirect: boolean;
  cases: number;
}

const MAX_DEPTH = 64;
const BLANK = new Set([' ', '\t']);
const BREAK = new Set([';', '&', '|', '(', ')', '\n', '<', '>']);
// Words at command position after which another command starts.
const LEADERS = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{', '}', 'time', 'fi', 'done', 'esac']);
const RAW_HINT = 'or end the expression with | raw if the value is trusted shell text';
const UNSAFE = {
  backslash: { why: 'right after a backslash, which would escape the value’s first character', hint: 'remove the backslash' },
  backtick: { why: 'inside backticks, where the shell undoes quoting and parses the text again', hint: `use $( … ) instead: values are quoted there, ${RAW_HINT}` },
  heredoc: { why: 'in the body of an unquoted heredoc, where $( … ) and backticks in the value would run', hint: `quote the delimiter (<<'EOF') to make the body literal, or pass the value as an argument or env: variable, ${RAW_HINT}` },
  dollar: { why: 'right after $, which would read the value as a parameter name or a $\'…\' string', hint: 'remove the $ or put the value in a variable first' },
  delimiter: { why: 'in a heredoc delimiter', hint: 'write the delimiter out' },
  brace: { why: 'inside ${ … }, where quoting differs between shells', hint: `assign it first (v={{ … }}) and use "\${v:-…}", ${RAW_HINT}` },
  arith: { why: 'inside $(( … )), where the shell evaluates the value as an expression', hint: `assign it first (n={{ … }}) and use $((n + 1)), ${RAW_HINT}` },
};

// One Placement per `{{ }}` of `segments`, in order.
export function placeExpressions(segments: Segment[]): Placement[] {
  const items: Item[] = [];
  let n = 0;
  for (const s of segments) {
    if (s.type === 'expr') items.push(n++);
    else for (let i = 0; i < s.text.length; i++) items.push(s.text[i]);
  }
  const lexer = new ShellLexer(items, n, segments);
  lexer.command(undefined, 0);
  return lexer.out;
}

class ShellLexer {
  pos = 0;
  readonly out: Placement[];
  constructor(private readonly items: Item[], count: number, private readonly segments: Segment[]) {
    this.out = Array.from({ length: count }, () => ({ kind: 'unquoted' }) as Placement);
  }

  private at(k = 0): Item | undefined {
    return this.items[this.pos + k];
  }

  private mark(ph: number, p: Placement): void {
    if (this.out[ph].kind !== 'unsafe') this.out[ph] = p;
  }

  private unsafe(ph: number, u: { why: string; hint: string }): void {
    this.out[ph] = { kind: 'unsafe', ...u };
  }

  private tooDeep(depth: number): void {
    if (depth <= MAX_DEPTH) return;
    const expr = this.segments.find((s) => s.type === 'expr');
    throw new TemplateError(`the command nests $( … ) and quotes more than ${MAX_DEPTH} levels deep`, expr?.type === 'expr' ? expr.offset : 0);
  }

  // Unquoted command text up to `closer` (`)` of a `$(`) or the end.
  command(closer: ')' | undefined, depth: number): void {
    this.tooDeep(depth);
    const cmd: Command = { words: [], heredocs: [], nextRedirect: false, cases: 0 };
    const word = (): Word => (cmd.cur ??= { text: '', phs: [], templated: false, quoted: false, redirect: cmd.nextRedirect });
    for (;;) {
      const c = this.at();
      if (c === undefined) return this.endCommand(cmd);
      if (typeof c === 'number') {
        this.pos++;
        word().phs.push(c), (word().templated = true);
        continue;
      }
      if (c === ')' && closer && cmd.cases === 0) {
        this.pos++;
        return this.endCommand(cmd);
      }
      if (BLANK.has(c)) {
        this.pos++;
        this.endWord(cmd);
      } else if (c === '\n') {
        this.pos++;
        this.endCommand(cmd);
        for (const h of cmd.heredocs.splice(0)) this.heredocBody(h);
      } else if (c === '<' || c === '>') {
        this.redirect(cmd);
      } else if (BREAK.has(c)) {
        this.pos++;
        this.endCommand(cmd);
        if (c === '(') this.command(')', depth + 1);
      } else if (c === '#' && !cmd.cur) {
        this.comment();
      } else this.wordPart(word(), depth);
    }
  }

  // Quotes, escapes and substitutions inside a word; plain characters are appended.
  private wordPart(w: Word, depth: number): void {
    const c = this.at() as string;
    const next = this.at(1);
    if (c === '\\') {
      if (typeof next === 'number') this.unsafe(next, UNSAFE.backslash);
      else if (next !== '\n') w.text += next ?? '';
      this.pos += typeof next === 'number' ? 1 : 2;
    } else if (c === "'") {
      this.pos++;
      w.quoted = true;
      this.single(w);
    } else if (c === '"' || (c === '$' && next === '"')) {
      this.pos += c === '$' ? 2 : 1;
      w.quoted = true;
      this.double(w, depth + 1);
    } else if (c === '$' && next === "'") {
      this.pos += 2;
      w.quoted = true;
      this.ansi(w);
    } else if (c === '$' || c === '`') {
      if (this.substitution(depth)) w.templated = true;
      else w.text += c;
    } else {
      this.pos++;
      w.text += c;
    }
  }

  // `$(`, `$((`, `${` or a backtick at pos: consumed, placeholders inside placed; false if none.
  private substitution(depth: number): boolean {
    const c = this.at();
    const next = this.at(1);
    if (c === '`') return (this.pos++, this.closedBy('`', UNSAFE.backtick), true);
    if (next === '(' && this.at(2) === '(') return ((this.pos += 3), this.arith(), true);
    if (next === '(') return ((this.pos += 2), this.command(')', depth + 1), true);
    if (next === '{') return ((this.pos += 2), this.closedBy('}', UNSAFE.brace), true);
    if (typeof next === 'number') this.unsafe(next, UNSAFE.dollar);
    this.pos++;
    return false;
  }

  private single(w: Word): void {
    for (let c = this.at(); c !== undefined && c !== "'"; c = this.at()) {
      this.pos++;
      if (typeof c === 'number') this.mark(c, { kind: 'single' }), w.phs.push(c), (w.templated = true);
      else w.text += c;
    }
    this.pos++;
  }

  private ansi(w: Word): void {
    for (let c = this.at(); c !== undefined && c !== "'"; c = this.at()) {
      if (c === '\\' && typeof this.at(1) === 'number') this.unsafe(this.at(1) as number, UNSAFE.backslash);
      this.pos += c === '\\' && typeof this.at(1) === 'string' ? 2 : 1;
      if (typeof c === 'number') this.mark(c, { kind: 'ansi' }), w.phs.push(c), (w.templated = true);
      else if (c !== '\\') w.text += c;
    }
    this.pos++;
  }

  private double(w: Word, depth: number): void {
    this.tooDeep(depth);
    for (let c = this.at(); c !== undefined && c !== '"'; c = this.at()) {
      if (typeof c === 'number') {
        this.pos++;
        this.mark(c, { kind: 'double' }), w.phs.push(c), (w.templated = true);
      } else if (c === '\\') {
        const next = this.at(1);
        if (typeof next === 'number') this.unsafe(next, UNSAFE.backslash);
        else w.text += next ?? '';
        this.pos += typeof next === 'number' ? 1 : 2;
      } else if (c === '$' || c === '`') {
        if (this.substitution(depth)) w.templated = true;
        else w.text += c;
      } else {
        this.pos++;
        w.text += c;
      }
    }
    this.pos++;
  }

  // Up to an unescaped `end` (nested `{`…`}` counted for `${`); every placeholder is unsafe.
  private closedBy(end: '`' | '}', u: { why: string; hint: string }): void {
    let open = 0;
    for (let c = this.at(); c !== undefined; c = this.at()) {
      this.pos++;
      if (typeof c === 'number') this.unsafe(c, u);
      else if (c === '\\') this.pos++;
      else if (end === '}' && c === '{') open++;
      else if (c === end && open-- === 0) return;
    }
  }

  private arith(): void {
    let open = 0;
    for (let c = this.at(); c !== undefined; c = this.at()) {
      this.pos++;
      if (typeof c === 'number') this.unsafe(c, UNSAFE.arith);
      else if (c === '(') open++;
      else if (c === ')' && open-- === 0) {
        if (this.at() === ')') this.pos++;
        return;
      }
    }
  }

  private comment(): void {
    for (let c = this.at(); c !== undefined && c !== '\n'; c = this.at()) {
      this.pos++;
      if (typeof c === 'number') this.mark(c, { kind: 'comment' });
    }
  }

  // `<`, `>`, `>>`, `2>&1`, `<<EOF`, `<<-'EOF'`, `<<<`: the word after a redirection is its target.
  private redirect(cmd: Command): void {
    if (cmd.cur && /^\d+$/.test(cmd.cur.text) && cmd.cur.phs.length === 0 && !cmd.cur.quoted) cmd.cur = undefined;
    else this.endWord(cmd);
    let op = '';
    for (let c = this.at(); typeof c === 'string' && /[<>&|-]/.test(c) && op.length < 3; c = this.at()) {
      op += c;
      this.pos++;
      if (op === '<<-' || op === '<<<' || (op.endsWith('-') && op !== '<<-')) break;
    }
    if (op === '<<' || op === '<<-') cmd.heredocs.push(this.heredocDelimiter(op === '<<-'));
    else cmd.nextRedirect = true;
  }

  private heredocDelimiter(strip: boolean): Heredoc {
    while (this.at() === ' ' || this.at() === '\t') this.pos++;
    let text = '';
    let quoted = false;
    let templated = false;
    let quote = '';
    for (let c = this.at(); c !== undefined; c = this.at()) {
      if (typeof c === 'number') this.unsafe(c, UNSAFE.delimiter), (templated = true);
      else if (quote) quote = c === quote ? '' : (text += c, quote);
      else if (c === "'" || c === '"') (quote = c), (quoted = true);
      else if (c === '\\') (quoted = true), (text += typeof this.at(1) === 'string' ? (this.at(1) as string) : ''), this.pos++;
      else if (BLANK.has(c) || BREAK.has(c)) break;
      else text += c;
      this.pos++;
    }
    return { delimiter: templated ? undefined : text, quoted, strip };
  }

  // The lines after the command line, up to the delimiter line.
  private heredocBody(h: Heredoc): void {
    const safe = h.quoted && h.delimiter !== undefined && !h.reader;
    const u = h.reader ? { why: `in a heredoc that ${h.reader} reads as a program`, hint: UNSAFE.heredoc.hint } : UNSAFE.heredoc;
    while (this.at() !== undefined) {
      let line = '';
      const phs: number[] = [];
      for (let c = this.at(); c !== undefined && c !== '\n'; c = this.at()) {
        this.pos++;
        if (typeof c === 'number') phs.push(c);
        else line += c;
      }
      this.pos++;
      if (phs.length === 0 && (h.strip ? line.replace(/^\t+/, '') : line) === h.delimiter) return;
      for (const ph of phs) safe ? this.mark(ph, { kind: 'heredoc', delimiter: h.delimiter! }) : this.unsafe(ph, u);
    }
  }

  private endWord(cmd: Command): void {
    const w = cmd.cur;
    if (!w) return;
    cmd.cur = undefined;
    const atStart = cmd.words.every((x) => x.redirect);
    if (!w.quoted && w.text === 'esac' && cmd.cases > 0) cmd.cases--;
    if (atStart && !w.quoted && !w.templated && LEADERS.has(w.text)) return this.endCommand(cmd);
    if (atStart && !w.quoted && w.text === 'case') cmd.cases++;
    if (w.redirect) cmd.nextRedirect = false;
    cmd.words.push(w);
  }

  // A simple command ended: values in words another interpreter parses are unsafe; heredocs
  // opened on it learn whether it reads its stdin as a program.
  private endCommand(cmd: Command): void {
    this.endWord(cmd);
    const argv = cmd.words.filter((w) => !w.redirect);
    argv.forEach((w, i) => {
      if (w.phs.length === 0) return;
      const reader = programReader(argv, i);
      if (!reader) return;
      const u = {
        why: `in text that ${reader} parses as a program, where quoting for this shell does not protect it`,
        hint: `pass the value as an argument (sh -c '… "$1" …' _ {{ … }}), as an env: variable, or with the program's own option (awk -v v={{ … }}, jq --arg v {{ … }}), ${RAW_HINT}`,
      };
      for (const ph of w.phs) this.unsafe(ph, u);
    });
    // Pending until the line ends: `cat <<EOF | sh` feeds the body to sh too.
    for (const h of cmd.heredocs) h.reader ||= readsProgramOnStdin(argv);
    cmd.words = [];
    cmd.nextRedirect = false;
  }
}
