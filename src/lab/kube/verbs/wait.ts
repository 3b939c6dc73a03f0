// `wait --for=condition=Ready|delete|jsonpath=...` and `rollout status`: poll the state until
// it holds or the timeout passes, for runbooks that wait for a node to come back Ready.
import { flagValue, parseDuration } from '../cli/args.js';
import { namespaceOf, withCluster, type Verb, type VerbContext } from '../cli/context.js';
import type { Cluster } from '../store/cluster.js';
import { ToolError } from '../cli/errors.js';
import { out, sleepMs } from '../cli/io.js';
import { renderJsonPath } from '../print/jsonpath.js';
import { resourceRef, singularRef, type KindInfo } from '../store/kinds.js';
import type { K8sObject } from '../store/object.js';
import { labelSelector } from '../store/selectors.js';
import { parseTargets } from '../cli/targets.js';

type Check = (obj: K8sObject | undefined) => boolean;

function parseFor(spec: string | undefined): { check: Check; deletion: boolean } {
  if (!spec) throw new ToolError('error: --for must be specified');
  if (spec === 'delete') return { check: (o) => o === undefined, deletion: true };
  let m = /^condition=([^=]+)(?:=(.*))?$/i.exec(spec);
  if (m) {
    const [type, want] = [m[1].toLowerCase(), (m[2] ?? 'True').toLowerCase()];
    return {
      deletion: false,
      check: (o) => ((o?.status?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type.toLowerCase() === type && c.status.toLowerCase() === want),
    };
  }
  m = /^jsonpath=(\{.*\})(?:=(.*))?$/.exec(spec);
  if (m) {
    const [template, want] = [m[1], m[2]];
    return { deletion: false, check: (o) => o !== undefined && (want === undefined ? renderJsonPath(template, o) !== '' : renderJsonPath(template, o) === want.replace(/^'(.*)'$/, '$1')) };
  }
  throw new ToolError(`error: unrecognized condition: "${spec}"`);
}

// Each probe runs under the cluster lock; the wait between probes does not hold it.
function pollUntil(ctx: VerbContext, timeoutMs: number, probe: (c: Cluster) => string | undefined): string {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = withCluster(ctx, probe);
    if (done !== undefined) return done;
    if (Date.now() >= deadline) return '';
    sleepMs(Math.min(1000, Math.max(0, deadline - Date.now())));
  }
}

const timeoutOf = (ctx: VerbContext, fallback: number) => {
  const t = flagValue(ctx.args, 'timeout');
  const ms = t === undefined ? fallback : parseDuration(t);
  if (ms === undefined) throw new ToolError(`error: invalid argument "${t}" for "--timeout" flag: time: invalid duration "${t}"`);
  return ms;
};

export const waitVerb: Verb = {
  words: ['wait'],
  flags: { for: { value: true }, timeout: { value: true }, selector: { short: 'l', value: true }, all: { value: false }, 'all-namespaces': { short: 'A', value: false }, 'field-selector': { value: true } },
  run(ctx) {
    const { check, deletion } = parseFor(flagValue(ctx.args, 'for'));
    const targets = parseTargets(ctx.words, ctx.tool);
    const match = labelSelector(flagValue(ctx.args, 'selector'));
    const names = withCluster(ctx, (c) => {
      const ns = namespaceOf(ctx, c);
      return targets.flatMap(({ info, names: given }) =>
        (given.length ? given : c.list(info, info.namespaced ? ns : undefined).filter(match).map((o) => o.metadata.name)).map((name) => {
          if (!deletion && !c.get(info, ns, name)) throw new ToolError(`Error from server (NotFound): ${resourceRef(info)} "${name}" not found`);
          return { info, ns, name };
        }),
      );
    });
    if (names.length === 0) throw new ToolError('error: no matching resources found');
    const pending: Array<{ info: KindInfo; ns: string; name: string }> = [...names];
    const deadline = Date.now() + timeoutOf(ctx, 30_000);
    while (pending.length) {
      const done = withCluster(ctx, (c) => pending.filter((p) => check(c.get(p.info, p.ns, p.name))));
      for (const d of done) {
        out(`${singularRef(d.info)}/${d.name} condition met\n`);
        pending.splice(pending.indexOf(d), 1);
      }
      if (!pending.length) break;
      if (Date.now() >= deadline) throw new ToolError(`error: timed out waiting for the condition on ${pending[0].info.plural}/${pending[0].name}`);
      sleepMs(Math.min(1000, Math.max(1, deadline - Date.now())));
    }
  },
};

export const rolloutStatusVerb: Verb = {
  words: ['rollout', 'status'],
  flags: { timeout: { value: true }, watch: { short: 'w', value: false }, revision: { value: true } },
  run(ctx) {
    const [{ info, names }] = parseTargets(ctx.words, ctx.tool);
    const name = names[0];
    if (!name || !['Deployment', 'StatefulSet', 'DaemonSet'].includes(info.kind)) throw new ToolError('error: required resource not specified');
    const message = pollUntil(ctx, timeoutOf(ctx, 600_000), (c) => {
      const o = c.mustGet(info, namespaceOf(ctx, c), name);
      const want = Number(o.spec?.replicas ?? o.status?.desiredNumberScheduled ?? 0);
      const ready = Number(o.status?.readyReplicas ?? o.status?.numberReady ?? 0);
      if (ready < want) return undefined;
      if (info.kind === 'Deployment') return `deployment "${name}" successfully rolled out\n`;
      if (info.kind === 'DaemonSet') return `daemon set "${name}" successfully rolled out\n`;
      return `partitioned roll out complete: ${want} new pods have been updated...\n`;
    });
    if (!message) throw new ToolError('error: timed out waiting for the condition');
    out(message);
  },
};
