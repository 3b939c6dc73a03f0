// Tools run at once from several lab hosts share one state: every change lands, none is lost.
import { describe, expect, it } from 'vitest';
import { kubectl, makeLab, oc } from './helpers.js';

describe('concurrent invocations', () => {
  it('10 parallel merge patches of one object are all applied', async () => {
    const lab = makeLab({ flavor: 'kubeadm' });
    await kubectl(lab, ['create', 'configmap', 'shared', '-n', 'default', '--from-literal=base=1']);
    const patches = Array.from({ length: 10 }, (_, i) =>
      kubectl(lab, ['patch', 'configmap', 'shared', '-n', 'default', '--type=merge', '-p', JSON.stringify({ data: { [`k${i}`]: String(i) } })], { host: `master-${i % 3}` }),
    );
    const results = await Promise.all(patches);
    expect(results.map((r) => r.code)).toEqual(Array(10).fill(0));
    const data = JSON.parse((await kubectl(lab, ['get', 'cm', 'shared', '-n', 'default', '-o', 'jsonpath={.data}'])).stdout);
    expect(data).toEqual({ base: '1', ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, String(i)])) });
  });

  it('parallel creates, scales and cordons from different hosts all land', async () => {
    const lab = makeLab({ flavor: 'ocp311' });
    const work = [
      ...Array.from({ length: 6 }, (_, i) => oc(lab, ['create', 'configmap', `cm-${i}`, '-n', 'default', `--from-literal=i=${i}`])),
      oc(lab, ['cordon', 'master-1']),
      oc(lab, ['patch', '-n', 'clusters', 'hc', 'example', '--type=merge', '-p', '{"spec":{"pausedUntil":"true"}}']),
      oc(lab, ['annotate-never-exists']),
    ];
    const results = await Promise.all(work);
    expect(results.slice(0, 8).map((r) => r.code)).toEqual(Array(8).fill(0));
    const names = (await oc(lab, ['get', 'cm', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(' ');
    expect(names).toEqual(expect.arrayContaining(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5']));
    const rvs = (await oc(lab, ['get', 'cm', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.resourceVersion}'])).stdout.split(' ');
    expect(new Set(rvs).size).toBe(rvs.length);
    expect((await oc(lab, ['get', 'node', 'master-1', '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('true');
  });
});
