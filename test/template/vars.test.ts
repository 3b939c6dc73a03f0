import { describe, expect, it } from 'vitest';
import { TemplateError, displayParts, finishParts, renderParts, renderString, renderValue } from '../../src/template/index.js';
import { makeContext } from './context.js';

const vars = {
  backupDir: "{{ params.backupRoot }}/{{ now | date('YYYYMMDD') }}",
  etcDir: '{{ vars.backupDir }}/etc',
  spaced: '/data/{{ params.evil }}',
  withCapture: '/backup/{{ captures.hostname }}/etc',
  onlyCapture: '{{ captures.hostname }}',
  list: ['{{ params.host }}', 'fixed', 7],
  nested: { dir: '{{ params.backupRoot }}/n' },
  a: '{{ vars.b }}',
  b: 'x{{ vars.c }}',
  c: '{{ vars.a }}',
  self: '{{ vars.self }}',
  broken: '{{ params.nope }}',
};
const ctx = makeContext({ vars });

describe('vars', () => {
  it('expands templates lazily and recursively', () => {
    expect(renderString('{{ vars.etcDir }}', ctx)).toBe('/backup/20240102/etc');
    expect(renderString('{{ vars.nested.dir }}', ctx)).toBe('/backup/n');
    expect(renderValue('{{ vars.list }}', ctx)).toEqual(['master-0', 'fixed', 7]);
  });

  it('quotes an expanded var as one shell word', () => {
    expect(renderParts('cp a {{ vars.spaced }}', ctx, { shell: true })).toEqual(["cp a '/data/x; touch /tmp/pwned'"]);
    expect(renderParts('cp a {{ vars.spaced | raw }}', ctx, { shell: true })).toEqual(['cp a /data/x; touch /tmp/pwned']);
  });

  it('splices run-time parts, quoting each literal piece in commands', () => {
    const parts = renderParts('cp -aR /etc/origin {{ vars.withCapture }}', ctx, { shell: true });
    expect(parts).toEqual(['cp -aR /etc/origin /backup/', { ref: 'captures.hostname', filters: [], quote: true }, '/etc']);
    expect(displayParts(parts)).toBe('cp -aR /etc/origin /backup/<captures.hostname>/etc');
    expect(finishParts(parts, { captures: { hostname: 'm 0' }, secrets: {} })).toBe("cp -aR /etc/origin /backup/'m 0'/etc");
    expect(renderParts('{{ vars.withCapture }}', ctx, { shell: false })).toEqual(['/backup/', { ref: 'captures.hostname', filters: [], quote: false }, '/etc']);
    expect(renderParts('{{ vars.onlyCapture | upper }}', ctx, { shell: false })).toEqual([{ ref: 'captures.hostname', filters: [{ name: 'upper', args: [] }], quote: false }]);
  });

  it('reports cycles with the chain, anchored where the template refers to the var', () => {
    const e = (() => {
      try {
        renderString('go {{ vars.a }}', ctx);
      } catch (err) {
        return err as TemplateError;
      }
    })();
    expect(e).toBeInstanceOf(TemplateError);
    expect(e!.message).toBe('vars refer to each other in a cycle: vars.a → vars.b → vars.c → vars.a');
    expect(e!.offset).toBe(6);
    expect(() => renderString('{{ vars.self }}', ctx)).toThrow(/cycle: vars.self → vars.self/);
  });

  it('says which var an error came from', () => {
    expect(() => renderString('{{ vars.broken }}', ctx)).toThrow(/^in vars.broken: params.nope is not defined/);
    expect(() => renderString('{{ vars.withCapture }}', ctx)).toThrow(/only known at run time/);
    expect(() => renderString('{{ vars.withCapture | upper }}', ctx)).toThrow(/mixes text with values known only at run time/);
  });
});
