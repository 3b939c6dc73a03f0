import { describe, expect, it } from 'vitest';
import { renderParts, renderString, renderValue } from '../../src/template/index.js';
import { makeContext } from './context.js';

const ctx = makeContext();
const shell = (t: string, c = ctx) => renderParts(t, c, { shell: true });
const plain = (t: string, c = ctx) => renderParts(t, c, { shell: false });

describe('renderParts', () => {
  it('keeps literal text and merges it with substituted values', () => {
    expect(plain('cp -aR /etc/origin {{ params.backupRoot }}/etc')).toEqual(['cp -aR /etc/origin /backup/etc']);
    expect(plain('no templates } here {')).toEqual(['no templates } here {']);
    expect(plain('')).toEqual([]);
  });

  it('quotes substituted values in shell mode, once, unless raw', () => {
    expect(shell('echo {{ params.evil }}')).toEqual(["echo 'x; touch /tmp/pwned'"]);
    expect(shell('echo {{ params.evil | quote }}')).toEqual(["echo 'x; touch /tmp/pwned'"]);
    expect(shell('echo {{ params.evil | raw }}')).toEqual(['echo x; touch /tmp/pwned']);
    expect(shell('echo {{ params.empty }}')).toEqual(["echo ''"]);
    expect(plain('echo {{ params.evil }}')).toEqual(['echo x; touch /tmp/pwned']);
    expect(plain('echo {{ params.evil | quote }}')).toEqual(["echo 'x; touch /tmp/pwned'"]);
  });

  it('renders lists as quoted words in commands and comma lists in text', () => {
    expect(shell('ls {{ params.list }}')).toEqual(["ls 'a b' c"]);
    expect(shell('ls {{ params.list | raw }}')).toEqual(['ls a b c']);
    expect(plain('{{ groups.etcd }}')).toEqual(['master-0,master-1']);
    expect(shell("--endpoints={{ groups.etcd | join(',') }}")).toEqual(['--endpoints=master-0,master-1']);
  });

  it('never re-parses a param value as a template', () => {
    expect(plain('{{ params.braces }}')).toEqual(['{{ params.host }}']);
    expect(shell('echo {{ params.braces }}')).toEqual(["echo '{{ params.host }}'"]);
  });

  it('resolves run, now, numbers, booleans, literals and loop locals', () => {
    expect(plain('{{ run.id }} {{ params.count }} {{ params.compress }} {{ "lit" }} {{ 42 }} {{ false }}')).toEqual(['run-20240102-abc 3 true lit 42 false']);
    expect(plain('{{ member.name }}@{{ host }}')).toEqual(['etcd-0@master-0']);
    expect(plain("{{ member['peer'] }}")).toEqual(['https://10.0.0.10:2380']);
    expect(plain('{{ groups.etcd.1 }}')).toEqual(['master-1']);
  });

  it('finds hosts whose names contain dashes, dots or are IP addresses', () => {
    expect(plain('{{ hosts.master-0.address }}')).toEqual(['10.0.0.10']);
    expect(plain('{{ hosts.master-0.example.com.address }}')).toEqual(['192.0.2.10']);
    expect(plain("{{ hosts['master-0.example.com'].address }}")).toEqual(['192.0.2.10']);
    expect(plain('{{ hosts.10.0.0.12.address }}')).toEqual(['10.0.0.12']);
    expect(plain('{{ hosts.master-0.port }}')).toEqual(['22']);
  });

  it('handles strings containing }} and escapes inside expressions', () => {
    expect(plain("{{ params.missing | default('}}') }}!")).toEqual(['}}!']);
    expect(plain("{{ 'it\\'s' }}")).toEqual(["it's"]);
  });

  it('compiles comparisons of known values', () => {
    expect(plain("{{ params.host == 'master-0' }}/{{ not params.compress }}/{{ params.count == 3 and params.host != 'x' }}")).toEqual(['true/false/true']);
  });
});

describe('renderString and renderValue', () => {
  it('renders plain text', () => {
    expect(renderString('{{ params.backupRoot }}/{{ now | date("YYYYMMDD") }}', ctx)).toBe('/backup/20240102');
  });

  it('returns raw values for a single expression', () => {
    expect(renderValue('{{ groups.etcd }}', ctx)).toEqual(['master-0', 'master-1']);
    expect(renderValue('  {{ params.list }} ', ctx)).toEqual(['a b', 'c']);
    expect(renderValue('{{ params.count }}', ctx)).toBe(3);
    expect(renderValue('{{ hosts.master-1 }}', ctx)).toEqual({ address: '10.0.0.11' });
    expect(renderValue('x {{ params.count }}', ctx)).toBe('x 3');
    expect(renderValue('plain', ctx)).toBe('plain');
  });

  it('refuses values known only at run time', () => {
    expect(() => renderString('{{ captures.hostname }}', ctx)).toThrow(/captures.hostname is only known at run time/);
    expect(() => renderString('x {{ params.awsSecret }}', ctx)).toThrow(/params.awsSecret is only known at run time/);
    expect(() => renderValue('{{ captures.hostname }}', ctx)).toThrow(/only known at run time/);
    expect(() => renderValue("{{ params.compress and captures.role == 'x' }}", ctx)).toThrow(/^captures.role is only known at run time/);
  });
});
