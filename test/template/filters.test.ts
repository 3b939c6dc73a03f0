import { describe, expect, it } from 'vitest';
import { renderString } from '../../src/template/index.js';
import { makeContext } from './context.js';

const ctx = makeContext({ params: { path: '/var/lib/etcd/member/', name: '  Etcd-0 ', list: ['/a/b.db', '/c/d.db'], nothing: null, empty: '', when: '2023-12-31T23:59:58' } });
const r = (t: string) => renderString(t, ctx);

describe('filters', () => {
  it('formats dates in local time', () => {
    expect(r("{{ now | date('YYYYMMDD') }}")).toBe('20240102');
    expect(r("{{ now | date('YYYY-MM-DD HH:mm:ss') }}")).toBe('2024-01-02 03:04:05');
    expect(r("{{ params.when | date('YYYYMMDDHHmmss') }}")).toBe('20231231235958');
    expect(() => r("{{ params.name | date('YYYY') }}")).toThrow(/date\(\) needs a time/);
  });

  it('joins lists, with "," by default', () => {
    expect(r("{{ params.list | join(' ') }}")).toBe('/a/b.db /c/d.db');
    expect(r('{{ params.list | join }}')).toBe('/a/b.db,/c/d.db');
    expect(r("{{ params.path | join('-') }}")).toBe('/var/lib/etcd/member/');
  });

  it('defaults missing, null and empty values, but not false or 0', () => {
    expect(r("{{ params.missing | default('x') }}")).toBe('x');
    expect(r("{{ params.nothing | default('x') }}")).toBe('x');
    expect(r("{{ params.empty | default('x') }}")).toBe('x');
    expect(r("{{ vars.nope | default('v') }}-{{ hosts.nope.address | default('h') }}-{{ member.nope | default(0) }}")).toBe('v-h-0');
    expect(r("{{ false | default('x') }}")).toBe('false');
  });

  it('does path and case manipulation, element-wise on lists', () => {
    expect(r('{{ params.path | basename }}|{{ params.path | dirname }}')).toBe('member|/var/lib/etcd');
    expect(r('{{ params.list | basename | join(" ") }}')).toBe('b.db d.db');
    expect(r('{{ params.name | trim | upper }}|{{ params.name | trim | lower }}')).toBe('ETCD-0|etcd-0');
  });

  it('applies quote and raw in plain text', () => {
    expect(r('{{ params.name | quote }}')).toBe("'  Etcd-0 '");
    expect(r('{{ params.list | quote }}')).toBe('/a/b.db /c/d.db');
    expect(r('{{ params.name | raw }}')).toBe('  Etcd-0 ');
  });
});
