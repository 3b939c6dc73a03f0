// Which simulated cluster a command talks to. Without a kubeconfig it is the lab's own
// cluster; a kubeconfig (--kubeconfig or $KUBECONFIG) whose current context names another lab
// cluster (the DR destination, a hosted cluster) selects that one. Any other kubeconfig — a
// lab host's admin.kubeconfig, say — means the lab's own cluster.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { ToolError } from './errors.js';
import { isObject } from '../store/object.js';
import { apiDir, clusterDir, DEFAULT_CLUSTER } from '../store/paths.js';

export function selectCluster(labDir: string, kubeconfigFlag: string | undefined, env: NodeJS.ProcessEnv): string {
  const files = kubeconfigFlag !== undefined ? [kubeconfigFlag] : (env.KUBECONFIG ?? '').split(':').filter(Boolean);
  for (const file of files) {
    if (!existsSync(file)) {
      if (kubeconfigFlag !== undefined) throw new ToolError(`error: stat ${file}: no such file or directory`);
      continue;
    }
    const name = currentClusterName(readFileSync(file, 'utf8'));
    if (name && existsSync(clusterDir(labDir, name))) return name;
  }
  return DEFAULT_CLUSTER;
}

function currentClusterName(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  const contexts = Array.isArray(doc.contexts) ? (doc.contexts as Array<{ name?: string; context?: { cluster?: string } }>) : [];
  const current = contexts.find((c) => c.name === doc['current-context']) ?? contexts[0];
  return current?.context?.cluster;
}

export const labClusters = (labDir: string): string[] =>
  existsSync(apiDir(labDir)) ? readdirSync(apiDir(labDir)).filter((d) => existsSync(`${clusterDir(labDir, d)}/cluster.json`)) : [];

// A kubeconfig selecting one lab cluster; real enough for any tool that only reads it.
export function renderLabKubeconfig(cluster: string, server: string): string {
  const user = cluster === DEFAULT_CLUSTER ? 'system:admin' : `admin-${cluster}`;
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: cluster, cluster: { server, 'insecure-skip-tls-verify': true } }],
      contexts: [{ name: cluster, context: { cluster, user, namespace: 'default' } }],
      'current-context': cluster,
      preferences: {},
      users: [{ name: user, user: { token: 'opsctl-lab' } }],
    },
    { indentSeq: false },
  );
}
