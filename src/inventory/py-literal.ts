// Python's ast.literal_eval for the values an INI inventory holds: Ansible passes every INI value
// through it, so `x=22` is a number, `x=[1, 2]` a list, `x=None` null, `x='a'` the string a, and
// anything it cannot read (`10.0.0.5`, `yes`, `0755`) stays the text as written.

type Value = string | number | boolean | null | Value[] | { [k: string]: Value };
const FAIL = Symbol('not a literal');

export function literalEval(raw: string): unknown {
  const p = new Parser(raw);
  try {
    p.space();
    const v = p.value();
    p.space();
    return p.done() ? v : raw;
  } catch (e) {
    if (e === FAIL) return raw;
    throw e;
  }
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  space(): void {
    while (this.i < this.s.length && /[ \t]/.test(this.s[this.i])) this.i++;
  }

  value(): Value {
    const c = this.s[this.i];
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.sequence('(', ')');
    if (c === '{') return this.dict();
    if (c === "'" || c === '"' || (/[uUbBrR]/.test(c ?? '') && /['"]/.test(this.s[this.i + 1] ?? ''))) return this.strings();
    const word = /^(True|False|None)(?![A-Za-z0-9_])/.exec(this.s.slice(this.i));
    if (word) {
      this.i += word[1].length;
      return word[1] === 'None' ? null : word[1] === 'True';
    }
    return this.number();
  }

  // Python joins adjacent string literals: 'a' 'b' is 'ab'.
  strings(): string {
    let out = '';
    do {
      out += this.string();
      this.space();
    } while (this.i < this.s.length && (/['"]/.test(this.s[this.i]) || (/[uUbBrR]/.test(this.s[this.i]) && /['"]/.test(this.s[this.i + 1] ?? ''))));
    return out;
  }

  string(): string {
    let raw = false;
    if (/[uUbBrR]/.test(this.s[this.i])) raw = /[rR]/.test(this.s[this.i++]);
    const q = this.s[this.i++];
    if (this.s.startsWith(q + q, this.i)) throw FAIL; // a triple-quoted string: not in inventories
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      const c = this.s[this.i++];
      if (c !== '\\' || raw) out += c;
      else {
        const e = this.s[this.i++];
        out += ({ n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e] ?? `\\${e}`;
      }
    }
    if (this.s[this.i] !== q) throw FAIL;
    this.i++;
    return out;
  }

  sequence(open: string, close: string): Value[] {
    this.i++;
    const out: Value[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === close) break;
      out.push(this.value());
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw FAIL;
    }
    this.i++;
    // `(1)` is just 1 in Python; only `(1,)` is a tuple.
    if (open === '(' && out.length === 1 && this.s[this.i - 2] !== ',') return out[0] as Value[];
    return out;
  }

  dict(): { [k: string]: Value } {
    this.i++;
    const out: { [k: string]: Value } = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') break;
      const key = this.value();
      if (typeof key === 'object' && key !== null) throw FAIL;
      this.space();
      if (this.s[this.i++] !== ':') throw FAIL; // a set ({1, 2}) is no JSON value either
      this.space();
      out[String(key === true ? 'True' : key === false ? 'False' : key)] = this.value();
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw FAIL;
    }
    this.i++;
    return out;
  }

  number(): number | string {
    const m = /^[-+]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][-+]?\d(?:_?\d)*)?)/.exec(this.s.slice(this.i));
    const text = m?.[0] ?? '';
    const body = text.replace(/^[-+]/, '').replace(/_/g, '');
    if (!/\d/.test(body)) throw FAIL;
    this.i += text.length;
    const sign = text.startsWith('-') ? -1 : 1;
    if (/^0[xob]/i.test(body)) return sign * parseInt(body.slice(2), { x: 16, o: 8, b: 2 }[body[1].toLowerCase() as 'x' | 'o' | 'b']);
    // Python 3 rejects 0755 (use 0o755) but takes 0, 00 and floats like 0.5.
    if (/^0\d/.test(body) && !/^0+$/.test(body) && !/[.eE]/.test(body)) throw FAIL;
    const n = sign * Number(body);
    if (!/[.eE]/.test(body) && !Number.isSafeInteger(n)) throw FAIL; // keep a huge id exact, as text
    return n;
  }
}
