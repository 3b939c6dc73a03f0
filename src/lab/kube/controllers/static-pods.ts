// The masters' static (mirror) pods, derived at every query from the manifest files present on
// each lab host, as a kubelet would: move apiserver.yaml out of /etc/origin/node/pods and
// `oc get pods` stops listing master-api-<host>. A host without a file tree (a test fixture)
// shows the default manifests.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { manifestDir, renderStaticPodManifests, type HostFlavor } from '../seed/static-pod-manifests.js';
import { hostRoot, onHost } from '../store/paths.js';
import { isObject, type K8sObject } from '../store/object.js';
import type { ClusterMeta, HostRef } from '../store/store.js';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

// `nodes` maps each existing node to its creation time (the age shown for a host without files).
export function staticPods(labDir: string, meta: ClusterMeta, nodes: Map<string, string | undefined>): K8sObject[] {
  if (meta.flavor === 'ocp4') return [];
  const flavor: HostFlavor = meta.flavor;
  return meta.masters
    .filter((m) => nodes.has(m.name))
    .flatMap((m) => manifestsOf(labDir, flavor, m, meta.kubernetesVersion).flatMap((f) => mirrorPod(f, m, nodes.get(m.name)) ?? []));
}

interface ManifestFile {
  doc: unknown;
  mtime: Date;
}

function manifestsOf(labDir: string, flavor: HostFlavor, host: HostRef, version: string): ManifestFile[] {
  if (!existsSync(hostRoot(labDir, host.name))) {
    return renderStaticPodManifests(flavor, host, version).map((m) => ({ doc: parse(m.content), mtime: new Date(0) }));
  }
  const dir = onHost(labDir, host.name, manifestDir(flavor));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .sort()
    .flatMap((p) => {
      try {
        return [{ doc: parse(readFileSync(p, 'utf8')) as unknown, mtime: statSync(p).mtime }];
      } catch {
        return []; // A kubelet skips a manifest it cannot parse.
      }
    });
}

function mirrorPod(file: ManifestFile, host: HostRef, nodeCreated: string | undefined): K8sObject | undefined {
  const doc = file.doc;
  if (!isObject(doc) || doc.kind !== 'Pod' || !isObject(doc.metadata) || typeof doc.metadata.name !== 'string') return undefined;
  const meta = doc.metadata as Record<string, unknown>;
  const spec = (isObject(doc.spec) ? doc.spec : {}) as Record<string, unknown>;
  const containers = (Array.isArray(spec.containers) ? spec.containers : []) as Array<{ name: string; image: string }>;
  const name = `${meta.name}-${host.name}`;
  const hash = createHash('md5').update(JSON.stringify(doc)).digest('hex');
  const started = file.mtime.getTime() === 0 ? nodeCreated : file.mtime.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: typeof meta.namespace === 'string' ? meta.namespace : 'default',
      uid: hash.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
      resourceVersion: '1',
      creationTimestamp: started,
      labels: (meta.labels as Record<string, string>) ?? {},
      annotations: {
        ...((meta.annotations as Record<string, string>) ?? {}),
        'kubernetes.io/config.hash': hash,
        [MIRROR_ANNOTATION]: hash,
        'kubernetes.io/config.source': 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: host.name, controller: true }],
    },
    spec: { ...spec, nodeName: host.name },
    status: {
      phase: 'Running',
      hostIP: host.address,
      podIP: host.address,
      startTime: started,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: started } } })),
    },
  };
}

export const isMirrorPod = (pod: K8sObject): boolean => Boolean(pod.metadata.annotations?.[MIRROR_ANNOTATION]);
