// A small but realistic template context shared by the template tests.
import type { TemplateContext } from '../../src/template/index.js';

export function makeContext(over: Partial<TemplateContext> = {}): TemplateContext {
  return {
    params: { host: 'master-0', backupRoot: '/backup', compress: true, count: 3, list: ['a b', 'c'], evil: 'x; touch /tmp/pwned', braces: '{{ params.host }}', empty: '' },
    secretParams: new Set(['awsSecret']),
    vars: {},
    hosts: {
      'master-0': { address: '10.0.0.10', port: 22 },
      'master-1': { address: '10.0.0.11' },
      'master-0.example.com': { address: '192.0.2.10' },
      '10.0.0.12': { address: '10.0.0.12' },
    },
    groups: { etcd: ['master-0', 'master-1'], masters: ['master-0', 'master-1'], empty: [] },
    run: { id: 'run-20240102-abc' },
    now: new Date(2024, 0, 2, 3, 4, 5),
    locals: { member: { name: 'etcd-0', peer: 'https://10.0.0.10:2380' }, host: 'master-0' },
    ...over,
  };
}
