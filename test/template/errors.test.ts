import { describe, expect, it } from 'vitest';
import { TemplateError, checkTemplateSyntax, referencesIn, renderParts, renderString } from '../../src/template/index.js';
import { makeContext } from './context.js';

const ctx = makeContext();

// The TemplateError a template raises (fails the test if none).
function errorOf(template: string): TemplateError {
  try {
    renderParts(template, ctx, { shell: true });
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`no error for ${template}`);
}

describe('syntax errors', () => {
  it.each([
    ['echo {{ params.host', 5, /never closed/],
    ['echo {{ }}', 5, /empty/],
    ['echo {{ params.host $ }}', 20, /unexpected character "\$"/],
    ['echo {{ params.host | nope }}', 22, /unknown filter 'nope'/],
    ['echo {{ params.host | uper }}', 22, /did you mean 'upper'/],
    ["echo {{ params.host | join(',', 'x') }}", 22, /'join' takes 0 to 1 argument/],
    ['echo {{ now | date }}', 14, /'date' takes 1 argument/],
    ['echo {{ params.host | default(params.x) }}', 30, /filter argument/],
    ["echo {{ 'abc }}", 8, /unterminated string/],
    ['echo {{ params.host params.x }}', 20, /expected }}/],
    ['echo {{ (params.host }}', 21, /\) to close \(/],
    ['echo {{ params.host == }}', 23, /before }}/],
    ["echo {{ hosts[master] }}", 13, /quoted name inside \[ \]/],
  ])('%s → offset %i', (template, offset, message) => {
    const e = errorOf(template);
    expect(e.message).toMatch(message);
    expect(e.offset).toBe(offset);
  });

  it('checkTemplateSyntax collects every error without a context', () => {
    const errors = checkTemplateSyntax('a {{ x | nope }} b {{ y $ }} c {{ params.unknownIsFine }} d {{ z');
    expect(errors.map((e) => [e.offset, e.message.split(' ')[0]])).toEqual([
      [9, 'unknown'],
      [24, 'unexpected'],
      [60, "{{"],
    ]);
    expect(checkTemplateSyntax('fine {{ params.x | default("y") }}')).toEqual([]);
    expect(checkTemplateSyntax("captures.x == 'a' and", { condition: true })[0].message).toMatch(/end of the expression/);
  });

  it('referencesIn lists the dotted references in order, once each', () => {
    expect(referencesIn("{{ params.host }} {{ hosts['a.b'].address }} {{ captures.x | default('z') }}")).toEqual([
      'params.host',
      "hosts['a.b'].address",
      'captures.x',
    ]);
    expect(referencesIn("captures.role == 'leader' and not member.name", { condition: true })).toEqual(['captures.role', 'member.name']);
    expect(referencesIn('{{ params.a }}{{ params.a }}')).toEqual(['params.a']);
  });
});

describe('undefined references', () => {
  it.each([
    ['x {{ params.hots }}', /params.hots is not defined \(did you mean params.host\?\)/],
    ['x {{ vars.dir }}', /vars.dir is not defined/],
    ['x {{ hosts.master-9.address }}', /host 'master-9' is not in the inventory \(did you mean 'master-0'\?\)/],
    ['x {{ hosts.master-0.adress }}', /hosts.master-0.adress is not defined \(did you mean hosts.master-0.address\?\)/],
    ['x {{ groups.etc }}', /group 'etc' is not in the inventory \(did you mean 'etcd'\?\)/],
    ['x {{ membr.name }}', /membr is not defined \(did you mean member\?\)/],
    ['x {{ param.host }}', /param is not defined \(did you mean params\?\)/],
    ['x {{ member.nmae }}', /member.nmae is not defined \(did you mean member.name\?\)/],
    ['x {{ run.idd }}', /run.idd is not defined \(did you mean run.id\?\)/],
    ['x {{ now.year }}', /now has no field/],
    ['x {{ params }}', /params needs a name/],
    ['x {{ hosts.master-0 }}', /is an object/],
  ])('%s', (template, message) => {
    const e = errorOf(template);
    expect(e.message).toMatch(message);
    expect(e.offset).toBe(5);
  });

  it('gives no suggestion when nothing is close, but lists what exists', () => {
    const e = errorOf('{{ params.zzzzzzzz }}');
    expect(e.message).toBe('params.zzzzzzzz is not defined');
    expect(e.hint).toMatch(/defined params: host, backupRoot/);
  });

  it('reports comparisons on run-time values outside when:', () => {
    expect(errorOf("x {{ captures.role == 'leader' }}").message).toMatch(/only work in `when:`/);
    expect(() => renderString('{{ params.awsSecret | upper }}', ctx)).toThrow(/params.awsSecret is only known at run time/);
  });
});
