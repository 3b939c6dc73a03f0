// The runner's pure parts: its lines, requests, the token cutter, and the runner program itself
// driven through real dash and bash (each step a real process), byte for byte.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MarkerCut } from '../../src/transport/marker-cut.js';
import { parseHello, parseRunnerLine, runnerScript, stepRequest } from '../../src/transport/runner-script.js';
import { buildStepParts } from '../../src/transport/ssh-command.js';

const T = '0123456789abcdef0123456789abcdef';

describe('runner lines', () => {
  test('greeting, process group, end with exit code, signal or an ambiguous status', () => {
    expect(parseHello('ready /tmp/.opsctl runner')).toEqual({ ok: true, dir: '/tmp/.opsctl runner' });
    expect(parseHello('unusable setsid')).toEqual({ ok: false, why: 'the host lacks setsid' });
    expect(parseRunnerLine('p 4242')).toEqual({ kind: 'pgid', pgid: '4242' });
    expect(parseRunnerLine('e exit 3')).toEqual({ kind: 'end', end: { exitCode: 3 } });
    expect(parseRunnerLine('e signal 15')).toEqual({ kind: 'end', end: { exitCode: null, signal: 'SIGTERM' } });
    expect(parseRunnerLine('e exit? 130')).toEqual({ kind: 'end', end: { exitCode: 130, ambiguous: true } });
    expect(parseRunnerLine('e exit $(reboot)').kind).toBe('other');
  });

  test('tokens must be hex: nothing else reaches the program or a request', () => {
    expect(() => runnerScript("x'; reboot", true)).toThrow(/hex/);
    expect(() => stepRequest('0; reboot', { prep: '', script: 'true', prefix: [] })).toThrow(/hex/);
  });

  test('step parts: env and cwd in the step, inside sudo when there is one', () => {
    expect(buildStepParts('id', { env: { A: "x'y" }, cwd: '/d' })).toEqual({ prep: `export A='x'\\''y'; cd '/d' || exit`, script: 'id', prefix: [] });
    expect(buildStepParts('id', { cwd: '/d', become: { user: 'etcd', withPassword: false } })).toEqual({
      prep: '',
      script: `cd '/d' || exit; exec sh -c 'id'`,
      prefix: ['sudo', '-n', '-u', 'etcd', '--'],
    });
    expect(() => buildStepParts('id', { env: { 'A;B': '1' } })).toThrow(/invalid environment variable name/);
  });
});

describe('MarkerCut', () => {
  function cut() {
    const seen = { data: [] as Buffer[], lines: [] as string[] };
    const m = new MarkerCut(Buffer.from(T), (b) => seen.data.push(Buffer.from(b)), (l) => seen.lines.push(l));
    return { m, seen, data: () => Buffer.concat(seen.data) };
  }

  test('passes bytes through and finds lines split anywhere, even byte by byte', () => {
    const payload = Buffer.concat([Buffer.from('out\x00\xff'), Buffer.from(T.slice(0, 20)), Buffer.from(' tail')]);
    const stream = Buffer.concat([Buffer.from(`${T} p 7\n`), payload, Buffer.from(`${T} e exit 0\n`)]);
    for (const size of [1, 2, 5, 31, 32, 33, stream.length]) {
      const { m, seen, data } = cut();
      for (let i = 0; i < stream.length; i += size) m.push(stream.subarray(i, i + size));
      expect(seen.lines).toEqual(['p 7', 'e exit 0']);
      expect(data().equals(payload)).toBe(true);
    }
  });

  test('streams what cannot be the token at once', () => {
    const { m, data } = cut();
    m.push(Buffer.from('hello world, no token here'));
    expect(data().toString()).toBe('hello world, no token here');
  });
});

// The program as a host runs it: requests on stdin, lines and forwarded output on stdout/stderr.
describe.each(['dash', 'bash'].filter((sh) => existsSync(`/bin/${sh}`)))('the runner under %s', (shell) => {
  function runAll(steps: Array<{ script: string; prep?: string }>) {
    const input = runnerScript(T, true) + steps.map((s, i) => stepRequest(`${T.slice(0, 30)}${String(i).padStart(2, '0')}`, { prep: s.prep ?? '', script: s.script, prefix: [] })).join('');
    const r = spawnSync(shell, [], { input, maxBuffer: 64 << 20 });
    const out = r.stdout;
    const results: Array<{ stdout: Buffer; lines: string[] }> = [];
    for (let i = 0; i < steps.length; i++) {
      const token = Buffer.from(`${T.slice(0, 30)}${String(i).padStart(2, '0')}`);
      const chunks: Buffer[] = [];
      const lines: string[] = [];
      const m = new MarkerCut(token, (b) => chunks.push(Buffer.from(b)), (l) => lines.push(l));
      // Only this step's part of the stream: from its first line to its end line.
      const start = out.indexOf(token);
      const endAt = out.indexOf(Buffer.from(' e '), out.lastIndexOf(token));
      m.push(out.subarray(start, out.indexOf(0x0a, endAt) + 1));
      results.push({ stdout: Buffer.concat(chunks), lines });
    }
    return { results, stderr: r.stderr.toString('latin1') };
  }

  test('exit codes and signals are told apart (`exit 143` is not a SIGTERM)', () => {
    const { results } = runAll([{ script: 'exit 3' }, { script: 'kill -TERM $$' }, { script: 'kill -KILL $$' }, { script: 'exit 143' }, { script: 'true' }]);
    const ends = results.map((r) => r.lines.find((l) => l.startsWith('e ')));
    expect(ends).toEqual(['e exit 3', 'e signal 15', 'e signal 9', 'e exit? 143', 'e exit 0']);
    for (const r of results) expect(r.lines[0]).toMatch(/^p \d+$/);
  });

  test('binary output passes byte for byte, and no shell state leaks from one step to the next', () => {
    const { results } = runAll([
      { script: `printf '\\000\\377\\n${T}x'; head -c 100000 /dev/urandom | od -An -tx1 | tr -d ' \\n' | head -c 64` },
      { script: 'cd /; export LEAK=1; f() { :; }; X=1' },
      { script: 'pwd; echo "${LEAK-unset} ${X-unset}"; command -v f || echo nofunc' },
      { script: 'echo "$A"; pwd', prep: `export A='a b'; cd '/tmp' || exit` },
    ]);
    expect(results[0].stdout.subarray(0, 3 + T.length + 1).equals(Buffer.concat([Buffer.from([0, 255, 10]), Buffer.from(`${T}x`)]))).toBe(true);
    expect(results[0].stdout.length).toBe(3 + T.length + 1 + 64);
    expect(results[2].stdout.toString()).toBe(`${process.cwd()}\nunset unset\nnofunc\n`);
    expect(results[3].stdout.toString()).toBe('a b\n/tmp\n');
  });
});
