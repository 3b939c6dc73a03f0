// `describe`: services (the endpoints check of a decommission), nodes and pods in the real
// layouts; other types as their fields.
import { flagValue } from '../cli/args.js';
import { namespaceOf, withCluster, type Verb } from '../cli/context.js';
import type { Cluster } from '../store/cluster.js';
import { nodeRoles, podReady } from '../print/columns.js';
import { layoutDescribe, mapRows, type Row } from '../print/describe-layout.js';
import { ToolError } from '../cli/errors.js';
import { out } from '../cli/io.js';
import { mustKind, resourceRef, type KindInfo } from '../store/kinds.js';
import type { K8sObject } from '../store/object.js';
import { labelSelector } from '../store/selectors.js';
import { parseTargets } from '../cli/targets.js';
import { toYaml } from '../print/print.js';

export const describeVerb: Verb = {
  words: ['describe'],
  flags: { selector: { short: 'l', value: true }, 'all-namespaces': { short: 'A', value: false }, 'show-events': { value: false } },
  run(ctx) {
    const targets = parseTargets(ctx.words, ctx.tool);
    const match = labelSelector(flagValue(ctx.args, 'selector'));
    return withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      const texts: string[] = [];
      for (const { info, names } of targets) {
        const objects = names.length ? names.map((n) => c.get(info, ns, n) ?? notFound(info, n)) : c.list(info, info.namespaced ? ns : undefined).filter(match);
        for (const o of objects) texts.push(describe(c, info, o));
      }
      out(texts.join('\n\n'));
    });
  },
};

function notFound(info: KindInfo, name: string): never {
  throw new ToolError(`Error from server (NotFound): ${resourceRef(info)} "${name}" not found`);
}

function describe(c: Cluster, info: KindInfo, o: K8sObject): string {
  const legacy = c.meta.flavor === 'ocp311';
  const rows = info.kind === 'Service' ? serviceRows(c, o, legacy) : info.kind === 'Node' ? nodeRows(c, o) : info.kind === 'Pod' ? podRows(o) : genericRows(info, o);
  return layoutDescribe(rows, legacy);
}

const meta = (o: K8sObject, namespaced = true): Row[] => [
  ['Name:', o.metadata.name],
  ...(namespaced ? [['Namespace:', o.metadata.namespace ?? '']] : []),
  ...mapRows('Labels:', o.metadata.labels),
  ...mapRows('Annotations:', o.metadata.annotations),
];

function serviceRows(c: Cluster, svc: K8sObject, legacy: boolean): Row[] {
  const ep = c.get(mustKind('Endpoints'), svc.metadata.namespace, svc.metadata.name);
  const subsets = (ep?.subsets ?? []) as Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ name?: string; port: number }> }>;
  const endpointsFor = (name: string | undefined) =>
    subsets.flatMap((s) => (s.ports ?? []).filter((p) => p.name === name).flatMap((p) => (s.addresses ?? []).map((a) => `${a.ip}:${p.port}`))).join(',') || '<none>';
  const ports = (svc.spec?.ports ?? []) as Array<{ name?: string; port: number; protocol?: string; targetPort?: number }>;
  const selector = svc.spec?.selector ? Object.entries(svc.spec.selector).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
  const ip = svc.spec?.clusterIP ?? '<none>';
  const portRows = ports.flatMap((p): Row[] => [
    ['Port:', p.name ?? '<unset>', `${p.port}/${p.protocol ?? 'TCP'}`],
    ...(legacy ? [] : [['TargetPort:', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`]]),
    ['Endpoints:', endpointsFor(p.name)],
  ]);
  return [
    ...meta(svc),
    ['Selector:', selector],
    ['Type:', svc.spec?.type ?? 'ClusterIP'],
    ...(legacy ? [] : [['IP Family Policy:', svc.spec?.ipFamilyPolicy ?? 'SingleStack'], ['IP Families:', (svc.spec?.ipFamilies ?? ['IPv4']).join(',')]]),
    ['IP:', ip],
    ...(legacy ? [] : [['IPs:', ip]]),
    ...portRows,
    ['Session Affinity:', svc.spec?.sessionAffinity ?? 'None'],
    ...(legacy ? [] : [['Internal Traffic Policy:', 'Cluster']]),
    ['Events:', '<none>'],
  ];
}

function nodeRows(c: Cluster, n: K8sObject): Row[] {
  const info = n.status?.nodeInfo ?? {};
  const pods = c.list(mustKind('Pod')).filter((p) => p.spec?.nodeName === n.metadata.name);
  const taints = (n.spec?.taints ?? []) as Array<{ key: string; value?: string; effect: string }>;
  const conditions = (n.status?.conditions ?? []) as Array<Record<string, string>>;
  return [
    ['Name:', n.metadata.name],
    ['Roles:', nodeRoles(n)],
    ...mapRows('Labels:', n.metadata.labels),
    ...mapRows('Annotations:', n.metadata.annotations),
    ['CreationTimestamp:', new Date(n.metadata.creationTimestamp ?? 0).toUTCString().replace('GMT', '+0000')],
    ...(taints.length ? taints.map((t, i): Row => [i === 0 ? 'Taints:' : '', `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`]) : [['Taints:', '<none>']]),
    ['Unschedulable:', String(Boolean(n.spec?.unschedulable))],
    ['Conditions:'],
    ['  Type', 'Status', 'Reason', 'Message'],
    ['  ----', '------', '------', '-------'],
    ...conditions.map((cd): Row => [`  ${cd.type}`, cd.status, cd.reason ?? '', cd.message ?? '']),
    ['Addresses:'],
    ...((n.status?.addresses ?? []) as Array<{ type: string; address: string }>).map((a): Row => [`  ${a.type}:`, a.address]),
    ['System Info:'],
    ['  Kernel Version:', info.kernelVersion ?? ''],
    ['  OS Image:', info.osImage ?? ''],
    ['  Container Runtime Version:', info.containerRuntimeVersion ?? ''],
    ['  Kubelet Version:', info.kubeletVersion ?? ''],
    ['  Kube-Proxy Version:', info.kubeProxyVersion ?? ''],
    ['Non-terminated Pods:', `(${pods.length} in total)`],
    ['  Namespace', 'Name'],
    ['  ---------', '----'],
    ...pods.map((p): Row => [`  ${p.metadata.namespace}`, p.metadata.name]),
    ['Events:', '<none>'],
  ];
}

function podRows(p: K8sObject): Row[] {
  const owner = p.metadata.ownerReferences?.find((r) => r.controller !== false);
  return [
    ...meta(p).slice(0, 2),
    ['Node:', p.spec?.nodeName ? `${p.spec.nodeName}/${p.status?.hostIP ?? ''}` : '<none>'],
    ['Start Time:', p.status?.startTime ? new Date(p.status.startTime).toUTCString().replace('GMT', '+0000') : '<unset>'],
    ...mapRows('Labels:', p.metadata.labels),
    ...mapRows('Annotations:', p.metadata.annotations),
    ['Status:', p.status?.phase ?? 'Pending'],
    ['IP:', p.status?.podIP ?? ''],
    ...(owner ? [['Controlled By:', `${owner.kind}/${owner.name}`]] : []),
    ['Containers:'],
    ...((p.spec?.containers ?? []) as Array<{ name: string; image: string }>).flatMap((ct): Row[] => [
      [`  ${ct.name}:`],
      ['    Image:', ct.image],
      ['    State:', p.status?.phase === 'Running' ? 'Running' : 'Waiting'],
      ['    Ready:', p.status?.phase === 'Running' ? 'True' : 'False'],
    ]),
    ['Ready:', podReady(p)],
    ['Events:', '<none>'],
  ];
}

function genericRows(info: KindInfo, o: K8sObject): Row[] {
  const section = (title: string, value: unknown): Row[] =>
    value === undefined ? [] : [[`${title}:`], ...toYaml(value).trimEnd().split('\n').map((l): Row => [`  ${l}`])];
  const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k)));
  return [
    ...meta(o, info.namespaced),
    ['API Version:', o.apiVersion],
    ['Kind:', o.kind],
    ...(Object.keys(rest).length ? section('Data', rest) : []),
    ...section('Spec', o.spec),
    ...section('Status', o.status),
    ['Events:', '<none>'],
  ];
}
