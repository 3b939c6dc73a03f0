// Node maintenance: `cordon`, `uncordon`, `drain` (kubectl, and `oc adm` in both eras) and
// OpenShift 3.11's `oc adm manage-node --schedulable`. A drain cordons first, refuses pods it
// may not evict unless told (daemonsets, emptyDir data, bare pods), and evicts the rest, whose
// controllers recreate them on other nodes; a PodDisruptionBudget that allows no disruption
// holds an eviction back, retried until --timeout.
import { flagBool, flagValue, parseDuration } from '../cli/args.js';
import { minWidthOf, withCluster, type Verb, type VerbContext } from '../cli/context.js';
import type { Cluster } from '../store/cluster.js';
import { LEGACY, MODERN, type DrainText } from './drain-text.js';
import { ToolError } from '../cli/errors.js';
import { err, out } from '../cli/io.js';
import { mustKind } from '../store/kinds.js';
import type { K8sObject } from '../store/object.js';
import { ownerKind } from '../store/object.js';
import { renderGet, parseOutput } from '../print/print.js';
import { labelSelector } from '../store/selectors.js';
import { isMirrorPod } from '../controllers/static-pods.js';
import { isControlled } from '../controllers/workloads.js';
import { blockingBudget } from '../controllers/disruption.js';

const NODE = mustKind('Node');
const POD = mustKind('Pod');

function nodesOf(ctx: VerbContext, c: Cluster): K8sObject[] {
  const selector = flagValue(ctx.args, 'selector');
  if (ctx.words.length === 0 && !selector) {
    throw new ToolError(`error: USAGE: ${ctx.verb.split(' ').at(-1)} NODE [flags]\nSee '${ctx.tool} ${ctx.verb} -h' for help and examples`);
  }
  const names = ctx.words.map((w) => w.replace(/^(node|nodes|no)\//, ''));
  return names.length ? names.map((n) => c.mustGet(NODE, undefined, n)) : c.list(NODE).filter(labelSelector(selector));
}

// Prints "node/x cordoned", or "node/x already cordoned" when there was nothing to change.
function setSchedulable(c: Cluster, node: K8sObject, cordon: boolean, dryRun: boolean): void {
  const already = Boolean(node.spec?.unschedulable) === cordon;
  const word = cordon ? 'cordoned' : 'uncordoned';
  if (!already && !dryRun) {
    node.spec = { ...node.spec };
    if (cordon) node.spec.unschedulable = true;
    else delete node.spec.unschedulable;
    c.save(NODE, node);
  }
  out(`node/${node.metadata.name} ${already ? `already ${word}` : word}${dryRun && !already ? ' (dry run)' : ''}\n`);
}

const dryRunOf = (ctx: VerbContext) => (flagValue(ctx.args, 'dry-run') ?? 'none') !== 'none';

const cordonVerb = (words: string[], cordon: boolean): Verb => ({
  words,
  flags: { selector: { short: 'l', value: true }, 'dry-run': { value: true } },
  run: (ctx) => withCluster(ctx, (c) => nodesOf(ctx, c).forEach((n) => setSchedulable(c, n, cordon, dryRunOf(ctx)))),
});

const DRAIN_FLAGS = {
  force: { value: false },
  'ignore-daemonsets': { value: false },
  'delete-emptydir-data': { value: false },
  'delete-local-data': { value: false },
  'grace-period': { value: true },
  timeout: { value: true },
  selector: { short: 'l', value: true },
  'pod-selector': { value: true },
  'disable-eviction': { value: false },
  'skip-wait-for-delete-timeout': { value: true },
  'dry-run': { value: true },
  'chunk-size': { value: true },
};

const drainVerb = (words: string[]): Verb => ({
  words,
  flags: DRAIN_FLAGS,
  run(ctx) {
    const timeout = flagValue(ctx.args, 'timeout');
    const timeoutMs = timeout === undefined ? 0 : parseDuration(timeout);
    if (timeoutMs === undefined) throw new ToolError(`error: invalid argument "${timeout}" for "--timeout" flag: time: invalid duration "${timeout}"`);
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
    // Cordon and evict under the cluster's lock; a budget that forbids an eviction is retried
    // every 5 s until --timeout (forever without one), as kubectl does, with the lock released.
    let pending = withCluster(ctx, (c) => {
      const text = c.meta.flavor === 'ocp311' ? LEGACY : MODERN;
      const other = text === LEGACY ? 'delete-emptydir-data' : undefined;
      if (other && ctx.args.flags.has(other)) throw new ToolError(`Error: unknown flag: --${other}`);
      if (text === MODERN && ctx.args.flags.has('delete-local-data')) {
        err('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n');
      }
      const nodes = nodesOf(ctx, c);
      for (const node of nodes) setSchedulable(c, node, true, dryRunOf(ctx));
      return nodes.map((node) => ({ node: node.metadata.name, blocked: drainNode(ctx, c, node, text) }));
    });
    while (pending.some((p) => p.blocked.length > 0)) {
      if (Date.now() + RETRY_MS > deadline) {
        sleepSync(Math.max(0, deadline - Date.now()));
        return drainTimedOut(pending, timeout!);
      }
      sleepSync(RETRY_MS);
      pending = withCluster(ctx, (c) =>
        pending.map((p) => ({ node: p.node, blocked: p.blocked.length ? evictPods(c, p.blocked.map((b) => c.get(POD, b.ns, b.name)).filter((x): x is K8sObject => x !== undefined), p.node) : [] })),
      );
    }
  },
});

const RETRY_MS = 5_000;
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

interface Blocked {
  ns: string;
  name: string;
}

// Evicts what the budgets allow, one pod at a time (its controller replaces it at once on
// another node — this one is cordoned — so the next eviction sees the budget restored);
// returns the pods still refused.
function evictPods(c: Cluster, pods: K8sObject[], node: string): Blocked[] {
  const blocked: Blocked[] = [];
  for (const p of pods) {
    if (blockingBudget(c.store, p)) {
      err(`error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`);
      blocked.push({ ns: p.metadata.namespace!, name: p.metadata.name });
      continue;
    }
    c.remove(POD, p.metadata.namespace, p.metadata.name);
    out(`pod/${p.metadata.name} evicted\n`);
  }
  if (blocked.length === 0) out(`node/${node} drained\n`);
  return blocked;
}

function drainTimedOut(pending: Array<{ node: string; blocked: Blocked[] }>, timeout: string): number {
  for (const { node, blocked } of pending.filter((p) => p.blocked.length)) {
    const errors = blocked.map((b) => `error when evicting pods/"${b.name}" -n "${b.ns}": global timeout reached: ${timeout}`);
    err(`There are pending pods in node "${node}" when an error occurred: ${errors[0]}\n`);
    err(`error: unable to drain node "${node}" due to error: [${errors.join(', ')}], continuing command...\nThere are pending nodes to be drained:\n ${node}\n`);
    err(`error: ${errors[0]}\n`);
  }
  return 1;
}

// Classifies the node's pods, refuses what kubectl refuses without flags, evicts the rest.
function drainNode(ctx: VerbContext, c: Cluster, node: K8sObject, text: DrainText): Blocked[] {
  const opts = {
    daemonSets: flagBool(ctx.args, 'ignore-daemonsets'),
    emptyDir: flagBool(ctx.args, 'delete-emptydir-data') || flagBool(ctx.args, 'delete-local-data'),
    force: flagBool(ctx.args, 'force'),
  };
  const podSelector = labelSelector(flagValue(ctx.args, 'pod-selector'));
  const pods = c.list(POD).filter((p) => p.spec?.nodeName === node.metadata.name && !isMirrorPod(p) && podSelector(p));
  const fatal = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, p: K8sObject) => map.set(key, [...(map.get(key) ?? []), text.pod(p.metadata.namespace!, p.metadata.name)]);
  const evict: K8sObject[] = [];
  for (const p of pods) {
    if (ownerKind(p) === 'DaemonSet') {
      note(opts.daemonSets ? warnings : fatal, opts.daemonSets ? text.warning.daemonSet : text.fatal.daemonSet, p);
      continue;
    }
    const checks: Array<[boolean, boolean, string, string]> = [
      [(p.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v.emptyDir !== undefined), opts.emptyDir, text.warning.localStorage, text.fatal.localStorage],
      [!isControlled(p), opts.force, text.warning.unmanaged, text.fatal.unmanaged],
    ];
    let blocked = false;
    for (const [applies, allowed, warning, refusal] of checks.filter(([applies]) => applies)) {
      note(allowed ? warnings : fatal, allowed ? warning : refusal, p);
      blocked ||= !allowed && applies;
    }
    if (!blocked) evict.push(p);
  }
  // A fixed order (kubectl's filter order) so output does not depend on which pods a node holds.
  const rank = (m: string) => [text.fatal.daemonSet, text.warning.daemonSet, text.fatal.localStorage, text.warning.localStorage].indexOf(m) + 1 || 9;
  const ordered = (map: Map<string, string[]>) => [...map].sort(([a], [b]) => rank(a) - rank(b));
  if (fatal.size > 0) {
    const errors = ordered(fatal).map(([m, ps]) => `${m}: ${ps.join(', ')}`);
    err(text.failure(node.metadata.name, errors));
    throw new ToolError(errors.map((e) => (text === LEGACY ? `error: ${e}` : e)).join('\n'));
  }
  for (const [m, ps] of ordered(warnings)) err(text.warn(m, ps));
  const dryRun = dryRunOf(ctx);
  for (const p of evict) if (text.evicting) out(text.evicting(p.metadata.namespace!, p.metadata.name).replace('\n', dryRun ? ' (dry run)\n' : '\n'));
  if (dryRun) {
    out(`node/${node.metadata.name} drained (dry run)\n`);
    return [];
  }
  return evictPods(c, evict, node.metadata.name);
}

// `oc adm manage-node NODE --schedulable=false` (3.11): cordons and lists the node.
const manageNodeVerb: Verb = {
  words: ['adm', 'manage-node'],
  ocOnly: true,
  flags: { schedulable: { value: false }, selector: { short: 'l', value: true }, 'list-pods': { value: false }, output: { short: 'o', value: true } },
  run(ctx) {
    return withCluster(ctx, (c) => {
      const nodes = nodesOf(ctx, c);
      if (ctx.args.flags.has('schedulable')) {
        const cordon = !flagBool(ctx.args, 'schedulable');
        for (const n of nodes) {
          n.spec = { ...n.spec };
          if (cordon) n.spec.unschedulable = true;
          else delete n.spec.unschedulable;
          c.save(NODE, n);
        }
      }
      if (flagBool(ctx.args, 'list-pods')) {
        for (const n of nodes) {
          out(`\nListing matched pods on node: ${n.metadata.name}\n\n`);
          const pods = c.list(POD).filter((p) => p.spec?.nodeName === n.metadata.name);
          out(renderGet([{ info: POD, objects: pods }], { format: parseOutput(undefined), noHeaders: false, withKind: false, allNamespaces: false, showLabels: false, single: false, minWidth: minWidthOf(c) }));
        }
        return;
      }
      out(renderGet([{ info: NODE, objects: nodes }], { format: parseOutput(flagValue(ctx.args, 'output')), noHeaders: false, withKind: false, allNamespaces: false, showLabels: false, single: false, minWidth: minWidthOf(c) }));
    });
  },
};

export const NODE_VERBS: Verb[] = [
  cordonVerb(['cordon'], true),
  cordonVerb(['uncordon'], false),
  drainVerb(['drain']),
  { ...cordonVerb(['adm', 'cordon'], true), ocOnly: true },
  { ...cordonVerb(['adm', 'uncordon'], false), ocOnly: true },
  { ...drainVerb(['adm', 'drain']), ocOnly: true },
  manageNodeVerb,
];
