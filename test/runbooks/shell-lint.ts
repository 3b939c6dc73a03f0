// ShellCheck over runbook commands: every `run`, `assert`, `wait.run`, `unless` and `undo` is
// rendered with its templates as placeholders of the kind the shell lexer says they become (a
// quoted word, text inside quotes, a raw var's own shell text), linted as POSIX sh (what `sh -c`
// runs), and each finding mapped back to its line:col in the runbook.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { locateInScalar } from '../../src/runbook/scalar-offset.js';
import type { FieldPath } from '../../src/runbook/yaml-locate.js';
import { isRaw, placeExpressions } from '../../src/template/index.js';
import { nodeText } from '../../src/template/serialize.js';
import { parseTemplate } from '../../src/template/template.js';

export const SHELLCHECK = '/usr/bin/shellcheck';
// Sourcing a file that exists only on the host cannot be followed here; A && B || C is the house
// idiom for "all of these hold, or fail with a message" (C is always an error exit).
export const EXCLUDED = ['SC1090', 'SC1091', 'SC2015'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

// Every shell command of a runbook, with its field path.
export function commandsOf(data: Obj): Array<{ path: FieldPath; text: string }> {
  const out: Array<{ path: FieldPath; text: string }> = [];
  const steps = (list: unknown, prefix: FieldPath) => {
    if (!Array.isArray(list)) return;
    list.forEach((s, i) => {
      if (!isObj(s)) return;
      const at = [...prefix, i];
      for (const k of ['run', 'unless', 'undo', 'assert']) if (typeof s[k] === 'string') out.push({ path: [...at, k], text: s[k] as string });
      for (const k of ['assert', 'wait']) if (isObj(s[k]) && typeof (s[k] as Obj).run === 'string') out.push({ path: [...at, k, 'run'], text: (s[k] as Obj).run as string });
      if (isObj(s.foreach)) steps(s.foreach.steps, [...at, 'foreach', 'steps']);
    });
  };
  steps(data.steps, ['steps']);
  steps(data.finally, ['finally']);
  return out;
}

// The command as ShellCheck should see it, and for each of its characters the template offset.
export function renderForLint(template: string, vars: Obj): { text: string; origin: number[] } {
  const segments = parseTemplate(template);
  const placements = placeExpressions(segments);
  let text = '';
  const origin: number[] = [];
  let pos = 0;
  let k = 0;
  for (const s of segments) {
    if (s.type === 'text') {
      for (let i = 0; i < s.text.length; i++) origin.push(pos + i);
      text += s.text;
      pos += s.text.length;
      continue;
    }
    const p = placements[k++];
    const input = s.node.type === 'pipe' ? s.node.input : s.node;
    const raw = isRaw(s.node);
    const varText = raw && input.type === 'path' && input.segments[0].name === 'vars' ? vars[input.segments[1]?.name] : undefined;
    let piece: string;
    if (typeof varText === 'string') piece = varText.replace(/\{\{.*?\}\}/gs, 'OPSCTL_VALUE');
    else if (raw) piece = 'OPSCTL_RAW';
    else {
      // One name per expression, so two different values never look like the same file.
      const name = `OPSCTL_${nodeText(input).replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()}`;
      if (p.kind === 'unquoted') piece = /\bfor\s+\w+\s+in\s+(\S+\s+)*$/.test(text) ? `"\${${name}}" "\${${name}}"` : `"\${${name}}"`;
      else if (p.kind === 'double') piece = `\${${name}}`;
      else piece = name;
    }
    for (let i = 0; i < piece.length; i++) origin.push(s.offset);
    text += piece;
    pos = s.end;
  }
  origin.push(pos);
  return { text, origin };
}

export interface Finding {
  where: string;
  code: string;
  message: string;
}

// Lints every command of one runbook file in one ShellCheck process.
export function lintRunbook(file: string): Finding[] {
  if (!existsSync(SHELLCHECK)) throw new Error(`the runbook lint needs ShellCheck: apt-get install -y shellcheck (scripts/install-deps.sh does)`);
  const source = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const data = doc.toJS() as Obj;
  const dir = mkdtempSync(join(tmpdir(), 'opsctl-shellcheck-'));
  try {
    const commands = commandsOf(data).map((c, i) => ({ ...c, ...renderForLint(c.text, isObj(data.vars) ? data.vars : {}), file: join(dir, `${i}.sh`) }));
    if (commands.length === 0) return [];
    for (const c of commands) writeFileSync(c.file, c.text);
    const r = spawnSync(SHELLCHECK, ['-s', 'sh', '-f', 'json1', '-e', EXCLUDED.join(','), ...commands.map((c) => c.file)], { encoding: 'utf8' });
    if (r.error || !r.stdout) throw new Error(`shellcheck failed: ${r.error?.message ?? r.stderr}`);
    const { comments } = JSON.parse(r.stdout) as { comments: Array<{ file: string; line: number; column: number; code: number; message: string }> };
    return comments.map((m) => {
      const c = commands.find((x) => x.file === m.file)!;
      const offset = c.text.split('\n').slice(0, m.line - 1).reduce((n, l) => n + l.length + 1, 0) + m.column - 1;
      const at = locateInScalar(doc, lines, source, c.path, c.origin[Math.min(offset, c.origin.length - 1)]);
      const path = c.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').slice(1);
      return { where: `${file}:${at ? `${at.line}:${at.col}` : '?'} ${path}`, code: `SC${m.code}`, message: m.message };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
