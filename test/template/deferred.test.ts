import { describe, expect, it } from 'vitest';
import { displayParts, finishParts, renderParts } from '../../src/template/index.js';
import { makeContext } from './context.js';

const ctx = makeContext();
const values = { captures: { hash: 'abc 123', list: 'x' }, secrets: { awsSecret: "s3cr'et" } };

describe('deferred captures and secrets', () => {
  it('defers captures with their remaining filters and the quoting decision', () => {
    const parts = renderParts("etcdctl snapshot status {{ captures.hash }} && echo {{ captures.missing | default('none') | upper }} {{ captures.hash | raw }}", ctx, { shell: true });
    expect(parts).toEqual([
      'etcdctl snapshot status ',
      { ref: 'captures.hash', filters: [], quote: true },
      ' && echo ',
      { ref: 'captures.missing', filters: [{ name: 'default', args: ['none'] }, { name: 'upper', args: [] }], quote: true },
      ' ',
      { ref: 'captures.hash', filters: [], quote: false },
    ]);
    expect(displayParts(parts)).toBe('etcdctl snapshot status <captures.hash> && echo <captures.missing> <captures.hash>');
    expect(finishParts(parts, values)).toBe("etcdctl snapshot status 'abc 123' && echo NONE abc 123");
  });

  it('keeps secret params out of plans and shows them as ***', () => {
    const parts = renderParts('aws --secret {{ params.awsSecret }} --region {{ params.host }}', ctx, { shell: true });
    expect(parts).toEqual(['aws --secret ', { ref: 'params.awsSecret', filters: [], quote: true, secret: true }, ' --region master-0']);
    expect(JSON.stringify(parts)).not.toContain('s3cr');
    expect(displayParts(parts)).toBe('aws --secret *** --region master-0');
    expect(finishParts(parts, values)).toBe(`aws --secret 's3cr'\\''et' --region master-0`);
  });

  it('fails clearly when a capture was never recorded, unless defaulted', () => {
    const parts = renderParts('echo {{ captures.gone }}', ctx, { shell: true });
    expect(() => finishParts(parts, values)).toThrow('captures.gone was never captured — did an earlier step that captures it get skipped?');
    const secret = renderParts('{{ params.awsSecret }}', ctx, { shell: false });
    expect(() => finishParts(secret, { captures: {}, secrets: {} })).toThrow(/secret params.awsSecret has no value/);
  });

  it('renders plain-mode refs unquoted unless the template says quote', () => {
    const parts = renderParts('{{ captures.hash }}/{{ captures.hash | quote }}', ctx, { shell: false });
    expect(finishParts(parts, values)).toBe("abc 123/'abc 123'");
  });

  it('survives a JSON round trip, as plans are stored', () => {
    const parts = renderParts("x {{ captures.hash | default('d') }} {{ params.awsSecret | lower }}", ctx, { shell: true });
    const stored = JSON.parse(JSON.stringify(parts));
    expect(finishParts(stored, values)).toBe("x 'abc 123' 's3cr'\\''et'");
  });
});
