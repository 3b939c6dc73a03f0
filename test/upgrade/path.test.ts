// The upgrade path, one minor at a time: hops, labels, refusals.
import { describe, expect, it } from 'vitest';
import { computeUpgradePath, describePath, hopItems, PathRefusal } from '../../src/upgrade/path.js';
import { compareVersions, parseKubeVersion, parseMinor } from '../../src/upgrade/kube-version.js';

const v = (s: string) => parseKubeVersion(s)!;

describe('computeUpgradePath', () => {
  it.each([
    ['v1.26.5', 'v1.29.3', ['v1.27.x', 'v1.28.x', 'v1.29.3']],
    ['v1.28.2', 'v1.30.1', ['v1.29.x', 'v1.30.1']],
    ['v1.28.2', 'v1.29.0', ['v1.29.0']],
    ['v1.28.2', 'v1.28.15', ['v1.28.15']],
    ['v1.10.0', 'v1.13.12', ['v1.11.x', 'v1.12.x', 'v1.13.12']],
  ])('%s → %s is %j', (from, to, items) => {
    const path = computeUpgradePath(v(from), v(to));
    expect(hopItems(path)).toEqual(items);
    expect(path.hops.at(-1)).toEqual({ minor: to.split('.').slice(0, 2).join('.'), version: to });
    expect(path.hops.slice(0, -1).every((h) => h.version === undefined)).toBe(true);
  });

  it('is empty at the target, or one re-applying hop when some node still lags', () => {
    expect(computeUpgradePath(v('v1.29.3'), v('v1.29.3')).hops).toEqual([]);
    expect(computeUpgradePath(v('v1.29.3'), v('v1.29.3'), true).hops).toEqual([{ minor: 'v1.29', version: 'v1.29.3' }]);
  });

  it.each([
    ['v1.29.3', 'v1.28.15', /older than the cluster's v1\.29\.3: kubeadm does not downgrade/],
    ['v1.29.3', 'v1.29.1', /does not downgrade/],
    ['v1.29.3', 'v2.0.0', /another major version/],
  ])('refuses %s → %s', (from, to, message) => {
    expect(() => computeUpgradePath(v(from), v(to))).toThrow(PathRefusal);
    expect(() => computeUpgradePath(v(from), v(to))).toThrow(message);
  });

  it('refuses a target without a patch', () => {
    expect(() => computeUpgradePath(v('v1.28.2'), parseMinor('v1.30')!)).toThrow(/exact version like v1\.30\.3/);
  });

  it('describes the path for plans', () => {
    expect(describePath(computeUpgradePath(v('v1.28.2'), v('v1.30.1')))).toBe('v1.28.2 → v1.29.x (newest patch in the package repository) → v1.30.1');
    expect(describePath(computeUpgradePath(v('v1.30.1'), v('v1.30.1')))).toBe('v1.30.1: already at the target');
  });
});

describe('parseKubeVersion', () => {
  it.each([
    ['v1.29.3', '1.29.3'],
    ['1.29.3-1.1', '1.29.3'],
    ['1.29.3-150500.1.1', '1.29.3'],
    ['registry.k8s.io/kube-apiserver:v1.30.1', '1.30.1'],
    ['registry.k8s.io/kube-apiserver:v1.30.1@sha256:abc', '1.30.1'],
    ['k8s.gcr.io/kube-apiserver:v1.11.0+d4cacc0', '1.11.0'],
  ])('%s', (text, want) => {
    const got = parseKubeVersion(text)!;
    expect(`${got.major}.${got.minor}.${got.patch}`).toBe(want);
  });

  it('rejects what is no version, orders by minor then patch', () => {
    expect(parseKubeVersion('latest')).toBeUndefined();
    expect(parseKubeVersion('registry.k8s.io/pause')).toBeUndefined();
    expect(compareVersions(v('v1.9.9'), v('v1.10.0'))).toBeLessThan(0);
    expect(compareVersions(v('v1.29.10'), v('v1.29.9'))).toBeGreaterThan(0);
  });
});
