// Secrets must never reach the journal, step logs or output in clear (DESIGN.md §4): the known
// secret values, plus values that look like keys or tokens whoever printed them. Pure.

export type Redactor = (text: string) => string;

const MASK = '***';
const MIN_SECRET_LENGTH = 4;

// Value-shaped secrets, each with how to mask it. Shapes are narrow on purpose: hex digests, etcd
// member ids, UUIDs and paths are what an operator needs to read, and must survive.
const SHAPES: Array<[RegExp, (m: string, ...g: string[]) => string]> = [
  // PEM private keys: keep the armour lines so the log still says what was there. No END (cut
  // output) masks to the end of the text rather than leak the rest of the body.
  [
    /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(?:(-----END [A-Z0-9 ]*PRIVATE KEY-----)|$)/g,
    (_m, begin, end) => (end ? `${begin}\n${MASK}\n${end}` : `${begin}\n${MASK}`),
  ],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, () => MASK],
  [/(aws_secret_access_key[ \t]*[=:][ \t]*)\S+/gi, (_m, key) => key + MASK],
  [/(Authorization[ \t]*:[ \t]*Bearer[ \t]+)[^\s"']+/gi, (_m, key) => key + MASK],
  [/\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, () => MASK],
  // kubeadm bootstrap tokens (`abcdef.0123456789abcdef`) standing alone, e.g. `kubeadm token list`.
  [/(?<![\w./-])[a-z0-9]{6}\.[a-z0-9]{16}(?![\w.-])/g, () => MASK],
  // `password=x`, `"token": "x"`, `PGPASSWORD=x`, `--password x`: mask the value only, on the
  // same line (a YAML key with its value on the next line is left alone).
  [
    /((?:password|passwd|token)["']?[ \t]*[=:][ \t]*)("[^"]*"|'[^']*'|\S+)/gi,
    (_m, key, value) => key + requote(value),
  ],
  [/(--(?:password|passwd|token)[ \t]+)("[^"]*"|'[^']*'|\S+)/gi, (_m, key, value) => key + requote(value)],
];

function requote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length > 1 && value.endsWith(q) ? `${q}${MASK}${q}` : MASK;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A redactor that can learn a secret after it was made (a sudo password asked for later). */
export interface MutableRedactor extends Redactor {
  add(secret: string): void;
}

// The ways a secret is written out by the tools opsctl drives: as is, inside single quotes
// (`'\''` as sh writes it, `'"'"'` as Python's shlex does), backslash-escaped (`printf %q`),
// JSON-escaped, escaped for a double-quoted env-file value, and URL-encoded.
export function secretForms(secret: string): string[] {
  const forms = [
    secret,
    secret.replace(/'/g, `'\\''`),
    secret.replace(/'/g, `'"'"'`),
    secret.replace(/[^A-Za-z0-9_./:,@%+=-]/g, '\\$&'),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/([\\"$`])/g, '\\$1'),
    encodeURIComponent(secret),
  ];
  return [...new Set(forms)];
}

// Built once per run from the secret params; used on every journal line, log chunk and event.
// A secret of 4 characters or more is masked wherever it appears; a shorter one only where it
// stands alone (masking every "ab" inside words would make output unreadable and hint at it).
export function makeRedactor(secretValues: string[]): MutableRedactor {
  const secrets = new Set<string>();
  let literal: RegExp | undefined;
  const rebuild = () => {
    const long = [...secrets].flatMap(secretForms).filter((f) => f.length >= MIN_SECRET_LENGTH);
    const short = [...secrets].flatMap(secretForms).filter((f) => f.length > 0 && f.length < MIN_SECRET_LENGTH);
    const alts = [...new Set(long)].sort((a, b) => b.length - a.length).map(escapeRegExp);
    alts.push(...[...new Set(short)].map((f) => `(?<![A-Za-z0-9_])${escapeRegExp(f)}(?![A-Za-z0-9_])`));
    literal = alts.length > 0 ? new RegExp(alts.join('|'), 'g') : undefined;
  };
  const redact = ((text: string) => {
    let out = literal ? text.replace(literal, MASK) : text;
    for (const [re, mask] of SHAPES) out = out.replace(re, mask);
    return out;
  }) as MutableRedactor;
  redact.add = (secret: string) => {
    if (secret === '' || secrets.has(secret)) return;
    secrets.add(secret);
    rebuild();
  };
  for (const v of secretValues) if (v !== '') secrets.add(v);
  rebuild();
  return redact;
}

// Params and captures are objects: mask every string inside, keep keys and structure.
export function redactObject<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactObject(v, redact)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactObject(v, redact);
    return out as T;
  }
  return value;
}
