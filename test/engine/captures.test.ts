// Captures from real command output: whole stream, regex group, JSON path; used by later commands
// as one shell word whatever they contain; failing loudly when nothing matches unless defaulted.
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileInline, lines, read, runEngine } from './helpers.js';

describe('captures', () => {
  it('takes stdout (trimmed), a regex group, a named group, a JSON path and the exit code', async () => {
    const c = compileInline(`
      steps:
        - id: out
          readOnly: true
          run: "printf '  hello world  \\n'"
          capture: { greeting: stdout }
        - id: members
          readOnly: true
          run: "printf '8e9e05c52164694d, started, etcd-0, https://10.0.0.1:2380\\n91bc3c398fb3c146, started, etcd-1, https://10.0.0.2:2380\\n'"
          capture:
            firstId: { regex: '^([0-9a-f]+), started,' }
            secondName: { regex: '^91bc3c398fb3c146, started, (?<name>[^,]+),', group: name }
            whole: { regex: 'etcd-\\d' }
        - id: json
          readOnly: true
          run: "echo '{\\"members\\":[{\\"name\\":\\"etcd-0\\",\\"ID\\":1},{\\"name\\":\\"etcd-1\\"}],\\"header\\":{\\"rev\\":7}}'"
          capture:
            name: { json: ".members[0].name" }
            count: { json: .members.length }
            first: { json: ".members[0]" }
        - id: code
          readOnly: true
          run: exit 3
          okExitCodes: [3]
          capture: { code: exitCode }
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(r.ends.get('out')!.captures).toEqual({ greeting: 'hello world' });
    expect(r.ends.get('members')!.captures).toEqual({ firstId: '8e9e05c52164694d', secondName: 'etcd-1', whole: 'etcd-0' });
    expect(r.ends.get('json')!.captures).toEqual({ name: 'etcd-0', count: '2', first: '{"name":"etcd-0","ID":1}' });
    expect(r.ends.get('code')!.captures).toEqual({ code: '3' });
    // Captures are journaled with the step's end.
    expect(r.journal.find((j) => j.call === 'end' && j.key === 'json@local')).toMatchObject({ captures: { name: 'etcd-0' } });
  });

  it('passes a capture with spaces, quotes and shell syntax to a later command as exactly one word', async () => {
    const c = compileInline(`
      steps:
        - id: read
          readOnly: true
          run: cat {{ params.dir }}/value
          capture: { v: stdout }
        - id: use
          run: "printf '<%s>\\n' {{ captures.v }} > {{ params.dir }}/out"
        - id: concat
          run: "printf '<%s>\\n' pre-{{ captures.v }}-post > {{ params.dir }}/concat"
    `);
    const value = `it's a "quoted" value; $(touch ${c.dir}/pwned) \`touch ${c.dir}/pwned2\` * $HOME`;
    writeFileSync(join(c.dir, 'value'), value + '\n');
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(lines(join(c.dir, 'out'))).toEqual([`<${value}>`]);
    expect(lines(join(c.dir, 'concat'))).toEqual([`<pre-${value}-post>`]);
    expect(existsSync(join(c.dir, 'pwned'))).toBe(false);
    expect(existsSync(join(c.dir, 'pwned2'))).toBe(false);
  });

  it('fails the step when nothing matches, and no later step runs', async () => {
    const c = compileInline(`
      steps:
        - id: find
          readOnly: true
          run: echo no ids here
          capture:
            id: { regex: 'id=([0-9]+)' }
        - id: use
          run: echo {{ captures.id }} > {{ params.dir }}/out
    `);
    const r = await runEngine(c);
    expect(r.result).toMatchObject({ status: 'failed', exitCode: 1, failedStep: 'find@local' });
    expect(r.ends.get('find')).toMatchObject({ status: 'failed', reason: 'capture failed' });
    expect(r.result.message).toMatch(/capture id: nothing matched in stdout/);
    expect(r.ends.has('use')).toBe(false);
    expect(existsSync(join(c.dir, 'out'))).toBe(false);
  });

  it('fails on output that is not JSON for a json capture', async () => {
    const c = compileInline(`
      steps:
        - id: find
          readOnly: true
          run: echo not json
          capture:
            id: { json: .id }
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('failed');
    expect(r.result.message).toMatch(/capture id: stdout is not JSON/);
  });

  it('uses the default when nothing matches (regex, missing JSON path, not JSON)', async () => {
    const c = compileInline(`
      steps:
        - id: find
          readOnly: true
          run: echo no ids here
          capture:
            id: { regex: 'id=([0-9]+)', default: none }
            js: { json: .id, default: "n/a" }
        - id: use
          run: echo {{ captures.id }} {{ captures.js }} > {{ params.dir }}/out
        - id: json
          readOnly: true
          run: echo '{}'
          capture:
            missing: { json: .a.b, default: "-" }
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(r.ends.get('find')!.captures).toEqual({ id: 'none', js: 'n/a' });
    expect(read(join(c.dir, 'out'))).toBe('none n/a\n');
    expect(r.ends.get('json')!.captures).toEqual({ missing: '-' });
  });

  it('a later step may default a capture that was never taken', async () => {
    const c = compileInline(`
      steps:
        - id: use
          run: echo {{ captures.never | default('fallback') }} > {{ params.dir }}/out
    `);
    const r = await runEngine(c);
    expect(r.result.status).toBe('succeeded');
    expect(read(join(c.dir, 'out'))).toBe('fallback\n');
  });
});
