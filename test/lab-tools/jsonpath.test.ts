// The jsonpath subset of `-o jsonpath=`, against kubectl's documented examples.
import { describe, expect, it } from 'vitest';
import { columnValue, renderJsonPath } from '../../src/lab/kube/print/jsonpath.js';

const doc = {
  kind: 'List',
  items: [
    { kind: 'None', metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } }, status: { capacity: { cpu: '4' }, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] } },
    { kind: 'None', metadata: { name: '127.0.0.2' }, status: { capacity: { cpu: '8' }, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.2' }, { type: 'another', address: '127.0.0.3' }] } },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

describe('renderJsonPath', () => {
  it.each([
    ['kind is {.kind}', 'kind is List'],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ["{['kind']}", 'List'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['{.users[0].name}', 'myself'],
    ['{.users[-1].name}', 'e2e'],
    ['{.users[0:1].name}', 'myself'],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ['{.items[?(@.status.capacity.cpu>4)].metadata.name}', '127.0.0.2'],
    ['{.items[0].status.capacity}', '{"cpu":"4"}'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity.cpu}] {end}', '[127.0.0.1, 4] [127.0.0.2, 8] '],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.status.addresses[?(@.type=="another")].address}{"\\n"}{end}', '127.0.0.1\t\n127.0.0.2\t127.0.0.3\n'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{$.kind}', 'List'],
    ['{.items[0].metadata.labels.*}', '127.0.0.1'],
    ['{.missing.field}', ''],
  ])('%s', (template, expected) => {
    expect(renderJsonPath(template, doc)).toBe(expected);
  });

  it('rejects an unclosed range', () => {
    expect(() => renderJsonPath('{range .items[*]}{.kind}', doc)).toThrow(/range without end/);
  });

  it('custom-columns values: <none> when missing, comma-joined when many', () => {
    expect(columnValue('.metadata.name', doc.items[0])).toBe('127.0.0.1');
    expect(columnValue('.status.addresses[*].address', doc.items[1])).toBe('127.0.0.2,127.0.0.3');
    expect(columnValue('.spec.none', doc.items[1])).toBe('<none>');
  });
});
