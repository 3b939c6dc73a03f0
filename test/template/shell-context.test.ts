// Class 1 — quoting by shell context. Every hostile value, in every context that has an escape,
// is rendered (at compile time and, as a capture, at run time), run by a real sh (bash for
// $'…'), and must come out as exactly its own text with nothing executed. Every context without
// an escape is a load error with its position, unless the expression says `| raw`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkShellTemplate, finishParts, renderParts, TemplateError } from '../../src/template/index.js';
import { makeContext } from './context.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-ctx-'));
const canary = join(dir, 'pwned');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Values an attacker would pass as a param, an inventory var or a captured line.
const HOSTILE = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `"; touch ${canary}; "`,
  `'; touch ${canary}; '`,
  `'"'"'; touch ${canary}; #`,
  `\\"; touch ${canary}; \\"`,
  `\\$(touch ${canary})`,
  `\\`,
  `$HOME \${IFS} $$ $0`,
  `* ? [a] ~root`,
  `!! !x`,
  `a\tb  c`,
  `EOFx`,
  `%s %d %%`,
  `é ünïcode ✓`,
];
const MULTILINE = [`x\ntouch ${canary}`, `\n'\ntouch ${canary}\n'`, `x\nEOF\ntouch ${canary}\nEOF`];

// Template → what the shell must print for value v (the template's own text around it).
const CONTEXTS: Array<{ name: string; template: string; expect: (v: string) => string; shell?: string; multiline?: boolean }> = [
  { name: 'unquoted word', template: "printf '%s' {{ params.v }}", expect: (v) => v, multiline: true },
  { name: 'inside a word', template: "printf '%s' pre-{{ params.v }}-post", expect: (v) => `pre-${v}-post`, multiline: true },
  { name: 'double quotes', template: 'printf \'%s\' "v={{ params.v }} end"', expect: (v) => `v=${v} end`, multiline: true },
  { name: 'single quotes', template: "printf '%s' 'v={{ params.v }} end'", expect: (v) => `v=${v} end`, multiline: true },
  { name: '$( ) in double quotes', template: 'printf \'%s\' "[$(printf \'%s\' {{ params.v }})]"', expect: (v) => `[${v.replace(/\n+$/, '')}]`, multiline: true },
  { name: 'double quotes in $( ) in double quotes', template: 'printf \'%s\' "[$(printf \'%s\' "<{{ params.v }}>")]"', expect: (v) => `[<${v}>]`, multiline: true },
  { name: 'assignment', template: 'x={{ params.v }}; printf \'%s\' "$x"', expect: (v) => v, multiline: true },
  { name: 'case word', template: 'case {{ params.v }} in *) printf \'%s\' matched;; esac', expect: () => 'matched', multiline: true },
  { name: 'quoted heredoc', template: "cat <<'EOF'\nv={{ params.v }}\nEOF", expect: (v) => `v=${v}\n` },
  { name: 'quoted heredoc <<-', template: "cat <<-\"EOF\"\n\tv={{ params.v }}\n\tEOF", expect: (v) => `v=${v}\n` },
  { name: 'comment', template: "printf '%s' ok # {{ params.v }}", expect: () => 'ok', multiline: true },
  { name: "$'…' (bash)", template: "printf '%s' $'v={{ params.v }}'", expect: (v) => `v=${v}`, shell: 'bash', multiline: true },
];

function run(command: string, shell = 'sh'): string {
  const r = spawnSync(shell, ['-c', command], { encoding: 'utf8', env: { ...process.env, HOME: '/home/nobody' } });
  expect(r.status, `${command}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

// Many commands through one shell (each in its own subshell, outputs split by NUL): one process
// per context keeps hundreds of cases fast.
function runEach(commands: string[], shell = 'sh'): string[] {
  return run(commands.map((c) => `(\n${c}\n)\nprintf '\\0'\n`).join(''), shell).split('\0').slice(0, -1);
}

describe('values are literal in every context that has an escape', () => {
  const heredoc = (c: (typeof CONTEXTS)[number]) => c.template.includes('<<');
  const valuesFor = (c: (typeof CONTEXTS)[number]) => [...HOSTILE.filter((v) => !heredoc(c) || !v.includes('EOF')), ...(c.multiline ? MULTILINE : [])];
  it.each(CONTEXTS.map((c) => [c.name, valuesFor(c).length, c] as const))('%s: %i hostile values, as params and as captures', (_name, _n, c) => {
    const values = valuesFor(c);
    const compiled = values.map((v) => renderParts(c.template, makeContext({ params: { v } }), { shell: true }));
    expect(compiled.every((parts) => parts.every((p) => typeof p === 'string'))).toBe(true);
    // The same value arriving as a capture is escaped the same way just before it is sent.
    const deferred = renderParts(c.template.replace('params.v', 'captures.v'), makeContext(), { shell: true });
    const atRunTime = values.map((v) => finishParts(deferred, { captures: { v }, secrets: {} }));
    expect(atRunTime).toEqual(compiled.map((parts) => parts.join('')));
    expect(runEach(atRunTime, c.shell)).toEqual(values.map(c.expect));
    expect(existsSync(canary)).toBe(false);
  });

  it.each([...MULTILINE, 'EOFx', 'EOF'])('a quoted heredoc refuses a value that could end it: %j', (value) => {
    expect(() => renderParts("cat <<'EOF'\n{{ params.v }}\nEOF", makeContext({ params: { v: value } }), { shell: true })).toThrow(/cannot go into the heredoc/);
    const deferred = renderParts("cat <<'EOF'\n{{ captures.v }}\nEOF", makeContext(), { shell: true });
    expect(() => finishParts(deferred, { captures: { v: value }, secrets: {} })).toThrow(/cannot go into the heredoc/);
  });

  it('lists are one word per item unquoted, one string inside quotes', () => {
    const ctx = makeContext({ params: { l: ['a b', `$(touch ${canary})`] } });
    const parts = renderParts('printf "<%s>" {{ params.l }} "{{ params.l }}" \'{{ params.l }}\'', ctx, { shell: true });
    expect(run(parts.join(''))).toBe(`<a b><$(touch ${canary})><a b $(touch ${canary})><a b $(touch ${canary})>`);
    expect(existsSync(canary)).toBe(false);
  });

  it('a NUL byte in a value is refused, at compile time and at run time', () => {
    expect(() => renderParts('echo {{ params.v }}', makeContext({ params: { v: 'a\0b' } }), { shell: true })).toThrow(/NUL byte/);
    const deferred = renderParts('echo "{{ captures.v }}"', makeContext(), { shell: true });
    expect(() => finishParts(deferred, { captures: { v: 'a\0b' }, secrets: {} })).toThrow(/NUL byte/);
  });
});

// Templates where no escape keeps the value literal: a load error (with the offset of the `{{`)
// unless `| raw`; the rendering refuses them too.
const UNSAFE: Array<[string, RegExp]> = [
  ['echo `echo {{ params.v }}`', /inside backticks/],
  ['echo "`echo {{ params.v }}`"', /inside backticks/],
  ['cat <<EOF\n{{ params.v }}\nEOF', /unquoted heredoc/],
  ['cat <<EOF > /tmp/x\nkey: "{{ params.v }}"\nEOF', /unquoted heredoc/],
  ['echo "${X:-{{ params.v }}}"', /inside \$\{ … \}/],
  ['echo ${X:-{{ params.v }}}', /inside \$\{ … \}/],
  ['echo $(( {{ params.v }} + 1 ))', /\$\(\( … \)\)/],
  ["sh -c 'echo {{ params.v }}'", /sh -c parses as a program/],
  ['bash -c "echo {{ params.v }}"', /bash -c parses as a program/],
  ['sudo -u etcd /bin/bash -ec "x {{ params.v }}"', /bash -c parses as a program/],
  ['sh -c {{ params.v }}', /sh -c parses as a program/],
  ['oc exec pod -- sh -c "etcdctl get {{ params.v }}"', /sh -c parses as a program/],
  ["find / -name x -exec sh -c 'rm {{ params.v }}' \\;", /sh -c parses as a program/],
  ["su - postgres -c 'psql {{ params.v }}'", /su -c parses as a program/],
  ['eval "echo {{ params.v }}"', /eval parses as a program/],
  ['eval echo {{ params.v }}', /eval parses as a program/],
  ["ssh -p 2222 {{ params.host }} 'echo {{ params.v }}'", /ssh \(its remote command\)/],
  ['ssh host echo {{ params.v }}', /ssh \(its remote command\)/],
  ["watch -n 5 'echo {{ params.v }}'", /watch parses/],
  ["awk '{ print \"{{ params.v }}\" }' /etc/hosts", /awk parses as a program/],
  ["sed -i 's/^A=.*/A={{ params.v }}/' /etc/x", /sed parses as a program/],
  ["sed -e 's/a/{{ params.v }}/' /etc/x", /sed parses as a program/],
  ["jq '.items[] | select(.name == \"{{ params.v }}\")' f.json", /jq parses as a program/],
  ["python3 -c 'print(\"{{ params.v }}\")'", /python3 -c parses as a program/],
  ["sh <<'EOF'\necho {{ params.v }}\nEOF", /heredoc that sh reads as a program/],
  ["cat <<'EOF' | bash\necho {{ params.v }}\nEOF", /heredoc that bash reads as a program/],
  ["ssh host <<'EOF'\necho {{ params.v }}\nEOF", /heredoc that ssh reads as a program/],
  ['echo \\{{ params.v }}', /right after a backslash/],
  ['echo "\\{{ params.v }}"', /right after a backslash/],
  ['echo ${{ params.v }}', /right after \$/],
  ['cat <<{{ params.v }}\nx\n', /heredoc delimiter/],
];

describe('contexts without a safe escape', () => {
  it.each(UNSAFE)('%j is refused at load time, accepted with | raw', (template, why) => {
    const errors = checkShellTemplate(template);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(why)]);
    expect(errors[0]).toBeInstanceOf(TemplateError);
    expect(template.slice(errors[0].offset, errors[0].offset + 2)).toBe('{{');
    expect(errors[0].hint).toMatch(/raw|remove|write the delimiter/);
    expect(() => renderParts(template, makeContext({ params: { v: 'x', host: 'h' } }), { shell: true })).toThrow(why);
    if (!/backslash|right after \$|delimiter/.test(why.source)) {
      const raw = template.replace('{{ params.v }}', '{{ params.v | raw }}');
      expect(checkShellTemplate(raw)).toEqual([]);
      expect(renderParts(raw, makeContext({ params: { v: 'x', host: 'h' } }), { shell: true }).join('')).toContain('x');
    }
  });

  it.each([
    "sh -c 'echo \"$1\"' _ {{ params.v }}",
    'awk -v v={{ params.v }} \'{ print v }\' /etc/hosts',
    "jq --arg v {{ params.v }} '.[$v]' f.json",
    'ssh {{ params.v }} uptime',
    'ssh -i {{ params.v }} -p 22 host uptime',
    'sed -n p {{ params.v }}',
    'x=$(sh -c \'cat "$1"\' _ {{ params.v }}); echo "$x"',
    "cat <<'EOF' > {{ params.v }}\nliteral\nEOF",
    'for p in {{ params.v }}; do echo "$p"; done',
    'echo "$(echo {{ params.v }})" # {{ params.v }}',
  ])('the safe form is accepted: %j', (template) => {
    expect(checkShellTemplate(template)).toEqual([]);
  });

  it('gives up with a load error, not a stack overflow, on absurdly deep nesting', () => {
    const deep = `${'"$('.repeat(5000)}{{ params.v }}${')"'.repeat(5000)}`;
    expect(checkShellTemplate(deep)[0].message).toMatch(/more than 64 levels deep/);
  });
});
