import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseParamFlags, resolveParams } from '../../src/runbook/params.js';
import { paramSpec, type ParamSpec } from '../../src/runbook/schema.js';

const declare = (specs: Record<string, Partial<ParamSpec>>) => ({
  params: Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, paramSpec.parse(v)])),
});

const rb = declare({
  host: { type: 'string', required: true, description: 'master to back up' },
  port: { type: 'number', default: 22 },
  compress: { type: 'boolean', default: true },
  members: { type: 'list' },
  mode: { type: 'string', enum: ['drain', 'force'], default: 'drain' },
  token: { type: 'string', secret: true },
});

describe('resolveParams', () => {
  it('coerces -p strings by declared type and applies defaults', () => {
    const { values, diagnostics } = resolveParams(rb, { host: 'master-0', port: '2222', compress: 'No', members: ' a, b ,,c ' }, 'cli');
    expect(diagnostics).toEqual([]);
    expect(values).toEqual({ host: 'master-0', port: 2222, compress: false, members: ['a', 'b', 'c'], mode: 'drain', token: undefined });
  });

  it.each([
    ['true', true], ['YES', true], ['1', true], ['false', false], ['no', false], ['0', false],
  ])('reads boolean %s', (given, want) => {
    expect(resolveParams(rb, { host: 'h', compress: given }, 'cli').values.compress).toBe(want);
  });

  it('passes include values (any JSON) through when they already fit', () => {
    const { values, diagnostics } = resolveParams(rb, { host: 'h', port: 2200, compress: true, members: ['x', 'y'] }, 'parent.yaml');
    expect(diagnostics).toEqual([]);
    expect(values).toMatchObject({ port: 2200, compress: true, members: ['x', 'y'] });
  });

  it('collects every problem: missing, unknown, bad number, bad boolean, enum', () => {
    const { diagnostics } = resolveParams(rb, { hots: 'h', port: 'abc', compress: 'maybe', mode: 'drian' }, 'cli');
    expect(diagnostics.map((d) => [d.path, d.message])).toEqual([
      ['params.hots', 'unknown param "hots"'],
      ['params.host', 'missing required param "host"'],
      ['params.port', 'param "port": expected a number, found "abc"'],
      ['params.compress', 'param "compress": expected true or false (also yes/no, 1/0), found "maybe"'],
      ['params.mode', 'param "mode" must be one of "drain", "force", found "drian"'],
    ]);
    expect(diagnostics[0].hint).toBe('did you mean "host"? declared params: host, port, compress, members, mode, token');
    expect(diagnostics[1].hint).toBe('pass -p host=VALUE (master to back up)');
    expect(diagnostics[4].hint).toBe('did you mean "drain"?');
    expect(diagnostics.every((d) => d.file === 'cli' && d.line === undefined)).toBe(true);
  });

  it('rejects NaN and an empty required value', () => {
    const { diagnostics } = resolveParams(rb, { host: '', port: 'NaN' }, 'cli');
    expect(diagnostics.map((d) => d.message)).toEqual(['required param "host" is empty', 'param "port": expected a number, found "NaN"']);
  });

  it('never echoes a secret value', () => {
    const secret = declare({ n: { type: 'number', secret: true } });
    const { diagnostics } = resolveParams(secret, { n: 'hunter2' }, 'cli');
    expect(diagnostics[0].message).toBe('param "n": expected a number, found string (secret, not shown)');
  });

  it('says so when the runbook takes no params', () => {
    const { diagnostics } = resolveParams({ params: {} }, { x: '1' }, 'cli');
    expect(diagnostics[0]).toMatchObject({ message: 'unknown param "x"', hint: 'this runbook takes no params' });
  });
});

describe('parseParamFlags', () => {
  it('splits at the first "="', () => {
    expect(parseParamFlags(['host=master-0', 'filter=a=b', 'empty='])).toEqual({ host: 'master-0', filter: 'a=b', empty: '' });
  });

  it('rejects a flag without "=", an empty key and a repeated key, all at once', () => {
    try {
      parseParamFlags(['host', '=x', 'a=1', 'a=2']);
      expect.fail('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const ds = (e as InputError).diagnostics;
      expect(ds.map((d) => d.message)).toEqual(['-p host: expected key=value', '-p with an empty key: expected key=value', '-p a given more than once']);
      expect(ds[0].hint).toBe('write -p host=VALUE');
    }
  });
});
