// compilePlan: (runbook, params, inventory) → Plan. Pure apart from the injected readers (include
// loading, local files for copy templates and local diffs). Every problem is collected as a
// diagnostic so one compile reports all of them.
import { isAbsolute } from 'node:path';
import type { ClusterTarget, Runbook, Step } from '../runbook/schema.js';
import type { Inventory } from '../inventory/types.js';
import type { Diagnostic } from '../errors.js';
import { InputError } from '../errors.js';
import type { TemplateContext } from '../template/types.js';
import { evaluateCondition, renderValue, renderParts, renderString } from '../template/index.js';
import { resolveParams } from '../runbook/params.js';
import { PLAN_VERSION, type HostFailurePolicy, type Plan, type PlanHost, type PlanNode, type PlanStep } from './types.js';
import { DEFAULT_POLICY, policyOf } from './host-failure.js';
import { deferWhen, falseWhen } from './when-text.js';
import { planHostFor, templateHosts, LOCAL } from './hosts.js';
import { resolveOn, itemsToList, TargetError } from './targets.js';
import { buildAction, type LocalReader } from './actions.js';
import { digestOf } from './digest.js';
import { planBodyDigest } from './verify.js';
import { walkNodes } from './walk.js';

export interface LoadedRunbook {
  runbook: Runbook;
  file: string;
  digest: string;
  /** Source position of a field path, when the loader kept positions. */
  locate?: (path: Array<string | number>) => { line: number; col: number } | undefined;
}

export interface CompileInput {
  loaded: LoadedRunbook;
  /** Param values as given (`-p`), not yet coerced. Secrets included: they never enter the plan. */
  params: Record<string, unknown>;
  inventory: Inventory;
  runId: string;
  now: Date;
  loadInclude: (ref: string, fromFile: string) => LoadedRunbook;
  reader: LocalReader;
  /** `--keep-going` / `--max-failed`: stated in the plan, replaces every scope's policy. */
  hostFailure?: HostFailurePolicy;
}

export interface CompileOutput {
  plan: Plan;
  /** Secret param values by name, kept out of the plan and handed to the engine. */
  secrets: Record<string, unknown>;
}

interface Scope {
  loaded: LoadedRunbook;
  ctx: TemplateContext;
  phase: string[];
  keyPrefix: string;
  fieldPrefix: Array<string | number>;
  when: string[];
  /** `whenText` of the deferred conditions in `when`, by condition. */
  whenText: Record<string, string>;
  inheritedOn?: string;
  inheritedSudo?: boolean;
  final: boolean;
}

const MAX_INCLUDE_DEPTH = 8;
// Step instances in one plan (steps × hosts × foreach items × includes). Several times the largest
// real procedure; an include fan-out past it would take minutes and gigabytes to compile.
export const MAX_PLAN_STEPS = 10_000;

// Thrown to stop compiling at once: nothing after the limit is worth compiling.
class PlanTooLarge extends Error {}

export function compilePlan(input: CompileInput): CompileOutput {
  const c = new Compiler(input);
  let out: CompileOutput;
  try {
    out = c.run();
  } catch (e) {
    if (!(e instanceof PlanTooLarge)) throw e;
    throw new InputError(c.diagnostics);
  }
  if (c.diagnostics.length) throw new InputError(c.diagnostics);
  return out;
}

class Compiler {
  readonly diagnostics: Diagnostic[] = [];
  private readonly hosts: Record<string, PlanHost> = Object.create(null);
  private readonly secrets: Record<string, unknown> = {};
  private readonly sources: Array<{ file: string; digest: string }> = [];
  private readonly keys = new Set<string>();
  private readonly warnings: string[] = [];
  /** Extra lock names declared by any runbook in the plan. */
  private readonly extraLocks: string[] = [];
  private instances = 0;
  /** Each included file is read and parsed once per plan, however often it is included. */
  private readonly includes = new Map<string, LoadedRunbook>();

  constructor(private readonly input: CompileInput) {}

  run(): CompileOutput {
    const { loaded, runId, now } = this.input;
    const top = this.enterRunbook(loaded, this.input.params, [], '', []);
    const nodes = top ? this.compileSteps(top.loaded.runbook.steps, { ...top, fieldPrefix: ['steps'] }) : [];
    const final = top ? this.compileSteps(top.loaded.runbook.finally, { ...top, fieldPrefix: ['finally'], final: true }) : [];
    let seq = 0;
    for (const w of walkNodes([...nodes, ...final])) if (w.node.type === 'step') w.node.seq = ++seq;
    const remote = Object.values(this.hosts).filter((h) => h.transport === 'ssh').map((h) => `host:${h.name}`);
    const locks = [...new Set([...remote, ...this.extraLocks.map((l) => `lock:${l}`)])].sort();
    if (locks.length === 0) locks.push(`runbook:${loaded.runbook.metadata.name}`);
    const params = top ? redactedParams(top.ctx) : {};
    const hostFailure = policyOf(loaded.runbook, `runbook ${loaded.runbook.metadata.name}`) ?? DEFAULT_POLICY;
    const override = this.input.hostFailure;
    const body = { sources: this.sources, params, hosts: this.hosts, locks, nodes, final, hostFailure, override };
    const plan: Plan = {
      version: PLAN_VERSION,
      runbook: {
        name: loaded.runbook.metadata.name,
        title: loaded.runbook.metadata.title,
        source: loaded.runbook.metadata.source,
        file: loaded.file,
        digest: digestOf(this.sources),
      },
      sources: this.sources,
      digest: planBodyDigest(body),
      runId,
      createdAt: now.toISOString(),
      params,
      // The secrets this run was given (top and includes): resume must be given them again.
      secretParams: Object.keys(this.secrets).sort(),
      hosts: this.hosts,
      locks,
      nodes,
      final,
      warnings: this.warnings,
      hostFailure,
      ...(override ? { hostFailureOverride: override } : {}),
    };
    return { plan, secrets: this.secrets };
  }

  /** Validate params and build the template context for a runbook (top or included). */
  private enterRunbook(loaded: LoadedRunbook, given: Record<string, unknown>, phase: string[], keyPrefix: string, when: string[], whenText: Record<string, string> = {}): Scope | undefined {
    this.sources.push({ file: loaded.file, digest: loaded.digest });
    const { values, diagnostics } = resolveParams(loaded.runbook, given, loaded.file);
    this.diagnostics.push(...diagnostics);
    if (diagnostics.length) return undefined;
    const secretParams = new Set(Object.entries(loaded.runbook.params).filter(([, p]) => p.secret).map(([n]) => n));
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      if (secretParams.has(k)) {
        // Secrets are filled in by name at run time, so one name must mean one value in a plan.
        if (v !== undefined && k in this.secrets && this.secrets[k] !== v) {
          this.diagnostics.push({ file: loaded.file, path: `params.${k}`, message: `secret param "${k}" is given a different value than the including runbook's "${k}"`, hint: `rename the secret param in ${loaded.runbook.metadata.name}` });
          return undefined;
        }
        if (v !== undefined) this.secrets[k] = v;
        params[k] = '***';
      } else params[k] = v;
    }
    const ctx: TemplateContext = {
      params,
      secretParams,
      vars: loaded.runbook.vars,
      hosts: templateHosts(this.input.inventory),
      groups: this.input.inventory.groups,
      run: { id: this.input.runId },
      now: this.input.now,
      locals: {},
    };
    const scope: Scope = { loaded, ctx, phase: [...phase, loaded.runbook.metadata.name], keyPrefix, fieldPrefix: [], when, whenText, final: false };
    this.checkDistinctClusters(scope);
    (loaded.runbook.lock ?? []).forEach((l, i) => {
      const name = this.tryRender(() => renderString(l, ctx), ['lock', i], scope);
      if (name) this.extraLocks.push(name);
    });
    return scope;
  }

  private compileSteps(steps: Step[], scope: Scope): PlanNode[] {
    const out: PlanNode[] = [];
    steps.forEach((step, i) => {
      const field = [...scope.fieldPrefix, i];
      const node = this.compileStep(step, { ...scope, fieldPrefix: field });
      if (node) out.push(...node);
    });
    return out;
  }

  private compileStep(step: Step, scope: Scope): PlanNode[] | undefined {
    if (step.kind === 'foreach' || step.kind === 'include') {
      const cond = this.condition(step, scope, scope.ctx);
      if (cond === undefined) return undefined;
      const key = `${scope.keyPrefix}${step.id}`;
      if (cond === false) return [{ type: 'skip', key, id: step.id, phase: scope.phase, host: LOCAL, reason: falseWhen(step) }];
      const inner: Scope = { ...scope, ...deferWhen(scope, step, cond), inheritedOn: step.on ?? scope.inheritedOn, inheritedSudo: step.sudo ?? scope.inheritedSudo };
      const nodes = step.kind === 'foreach' ? this.compileForeach(step, inner, key) : this.compileInclude(step, inner, key);
      const policy = policyOf(step, `step ${step.id}`);
      for (const n of nodes ?? []) if (policy && (n.type === 'group' || n.type === 'phase')) n.hostFailure = policy;
      return nodes;
    }
    const on = step.on ?? scope.inheritedOn;
    let hosts: string[];
    try {
      hosts = resolveOn(on, scope.loaded.runbook.targets, this.input.inventory, scope.ctx);
    } catch (e) {
      this.fail(e, scope, ['on']);
      return undefined;
    }
    if (hosts.length === 0) {
      this.warnings.push(`step ${step.id}: on: ${on} resolved to no hosts`);
      return [{ type: 'skip', key: `${scope.keyPrefix}${step.id}`, id: step.id, phase: scope.phase, host: '-', reason: `on: ${on} resolved to no hosts` }];
    }
    // Own keys only: a host or group named __proto__ or constructor is not a cluster target.
    const target = on && Object.hasOwn(scope.loaded.runbook.targets, on) ? scope.loaded.runbook.targets[on] : undefined;
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      const name = this.tryRender(() => this.bindCluster(on!, target, scope.ctx), [...scope.fieldPrefix, 'on'], scope);
      if (name === undefined) return undefined;
      hosts = [name];
    }
    const instances: PlanNode[] = [];
    for (const host of hosts) {
      const node = this.compileLeaf(step, scope, host);
      if (node) instances.push(node);
    }
    if (instances.length !== hosts.length) return undefined;
    const policy = policyOf(step, `step ${step.id}`);
    if (instances.length === 1) {
      if (policy && instances[0].type === 'step') instances[0].hostFailure = policy;
      return instances;
    }
    const group: PlanNode = { type: 'group', key: `${scope.keyPrefix}${step.id}`, mode: 'pool', limit: 0, branches: instances.map((n) => [n]), labels: hosts, over: 'hosts' };
    if (policy) group.hostFailure = policy;
    return [group];
  }

  private compileLeaf(step: Exclude<Step, { kind: 'foreach' | 'include' }>, scope: Scope, host: string): PlanNode | undefined {
    const key = `${scope.keyPrefix}${step.id}@${host}`;
    this.count(1, scope);
    if (this.keys.has(key)) {
      this.fail(new Error(`step instance ${key} appears twice (a foreach over duplicate items?)`), scope, ['id']);
      return undefined;
    }
    this.keys.add(key);
    const ctx: TemplateContext = { ...scope.ctx, locals: { ...scope.ctx.locals, host, inventory_hostname: host } };
    const cond = this.condition(step, scope, ctx);
    if (cond === undefined) return undefined;
    if (cond === false) return { type: 'skip', key, id: step.id, phase: scope.phase, host, reason: falseWhen(step) };
    const planHost = this.hosts[host]?.cluster ? this.hosts[host] : planHostFor(host, this.input.inventory);
    this.hosts[host] = planHost;
    const out = this.tryRender(() => {
      const action = buildAction(step, ctx, scope.loaded.file, host, this.input.reader);
      const readOnly = step.readOnly ?? (action.kind === 'assert' || action.kind === 'wait' || action.kind === 'confirm');
      const node: PlanStep = {
        type: 'step',
        key,
        id: step.id,
        name: step.name === undefined ? undefined : renderString(step.name, ctx),
        phase: scope.phase,
        host,
        seq: 0,
        readOnly,
        action,
        sudo: step.sudo ?? scope.inheritedSudo ?? planHost.become ?? false,
        env: Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, renderParts(v, ctx, { shell: false })])),
        retries: step.retries ?? 0,
        retryDelayMs: step.retryDelay ?? 1000,
        okExitCodes: step.okExitCodes ?? [0],
        capture: step.capture ?? {},
        idempotent: step.idempotent ?? readOnly,
        final: scope.final,
      };
      const { when, whenText } = deferWhen(scope, step, cond);
      if (when.length) node.when = when;
      if (Object.keys(whenText).length) node.whenText = whenText;
      if (step.timeout !== undefined) node.timeoutMs = step.timeout;
      if (step.cwd !== undefined) node.cwd = renderParts(step.cwd, ctx, { shell: false });
      if (step.creates !== undefined) node.creates = renderParts(step.creates, ctx, { shell: false });
      if (step.unless !== undefined) node.unless = renderParts(step.unless, ctx, { shell: true });
      if (step.undo !== undefined) node.undo = renderParts(step.undo, ctx, { shell: true });
      return node;
    }, [...scope.fieldPrefix, step.kind]);
    return out;
  }

  private compileForeach(step: Extract<Step, { kind: 'foreach' }>, scope: Scope, key: string): PlanNode[] | undefined {
    const f = step.foreach;
    const items = this.tryRender(() => itemsToList(Array.isArray(f.items) ? f.items : renderValue(f.items, scope.ctx)), [...scope.fieldPrefix, 'foreach', 'items']);
    if (items === undefined) return undefined;
    this.count(items.length, { ...scope, fieldPrefix: [...scope.fieldPrefix, 'foreach', 'items'] }, 0);
    if (new Set(items).size !== items.length) {
      this.fail(new Error(`foreach items repeat: ${items.join(', ')}`), scope, ['foreach', 'items']);
      return undefined;
    }
    const branches = items.map((item) =>
      this.compileSteps(f.steps, {
        ...scope,
        ctx: { ...scope.ctx, locals: { ...scope.ctx.locals, [f.as]: item } },
        keyPrefix: `${key}[${item}]/`,
        fieldPrefix: [...scope.fieldPrefix, 'foreach', 'steps'],
      }),
    );
    if (items.length === 0) return [{ type: 'skip', key, id: step.id, phase: scope.phase, host: '-', reason: 'foreach: no items' }];
    const mode = f.parallel !== undefined ? 'pool' : 'rolling';
    const limit = this.tryRender(() => batchSize(f.parallel ?? f.serial ?? 1, scope.ctx), [...scope.fieldPrefix, 'foreach', f.parallel !== undefined ? 'parallel' : 'serial']);
    if (limit === undefined) return undefined;
    return [{ type: 'group', key, mode, limit, branches, labels: items }];
  }

  private compileInclude(step: Extract<Step, { kind: 'include' }>, scope: Scope, key: string): PlanNode[] | undefined {
    if (scope.phase.length >= MAX_INCLUDE_DEPTH) {
      this.fail(new Error(`includes nest deeper than ${MAX_INCLUDE_DEPTH} (a runbook including itself?)`), scope, ['include']);
      return undefined;
    }
    let loaded: LoadedRunbook;
    try {
      const cacheKey = `${step.include.runbook}\0${scope.loaded.file}`;
      loaded = this.includes.get(cacheKey) ?? this.input.loadInclude(step.include.runbook, scope.loaded.file);
      this.includes.set(cacheKey, loaded);
    } catch (e) {
      if (e instanceof InputError) this.diagnostics.push(...e.diagnostics);
      else this.fail(e, scope, ['include', 'runbook']);
      return undefined;
    }
    const given = this.tryRender(() => renderIncludeParams(step.include.params, scope.ctx, this.secrets, loaded), [...scope.fieldPrefix, 'include', 'params']);
    if (!given) return undefined;
    const inner = this.enterRunbook(loaded, given, scope.phase, `${key}/`, scope.when, scope.whenText);
    if (!inner) return undefined;
    const sub: Scope = { ...inner, inheritedOn: undefined, inheritedSudo: scope.inheritedSudo, final: scope.final };
    const nodes = this.compileSteps(loaded.runbook.steps, { ...sub, fieldPrefix: ['steps'] });
    const final = this.compileSteps(loaded.runbook.finally, { ...sub, fieldPrefix: ['finally'], final: true });
    return [{ type: 'phase', key, runbook: loaded.runbook.metadata.name, nodes, final }];
  }

  /**
   * A cluster target becomes a local host named after the target, carrying its kubeconfig. An
   * included runbook's target with the same kubeconfig and context is the same cluster, so it
   * keeps the first name (the plan names one cluster one way); one name for two clusters is an error.
   */
  private bindCluster(name: string, target: ClusterTarget, ctx: TemplateContext): string {
    const kubeconfig = renderString(target.kubeconfig, ctx);
    const context = target.context === undefined ? undefined : renderString(target.context, ctx) || undefined;
    if (!isAbsolute(kubeconfig)) throw new TargetError(`target ${name}: kubeconfig must be an absolute path, got "${kubeconfig}"`, 'a resumed run may start in another directory; give the full path');
    const same = Object.values(this.hosts).find((h) => h.cluster?.kubeconfig === kubeconfig && h.cluster.context === context);
    if (same) return same.name;
    const taken = this.hosts[name];
    if (taken) throw new TargetError(`target ${name} names two clusters: ${describeCluster(taken.cluster)} and ${describeCluster({ kubeconfig, context })}`, 'give the included runbook\'s cluster target another name');
    if (name === LOCAL || name in this.input.inventory.hosts) throw new TargetError(`cluster target ${name} has the name of a host`, 'rename the target');
    this.hosts[name] = { name, transport: 'local', cluster: context ? { kubeconfig, context } : { kubeconfig } };
    return name;
  }

  /**
   * The cluster targets one runbook declares are different roles (source, destination): the same
   * kubeconfig given for two of them is bad input, caught before any connection. (Different files
   * that reach one cluster are caught when the run starts, by identity.)
   */
  private checkDistinctClusters(scope: Scope): void {
    const seen = new Map<string, string>();
    for (const [name, t] of Object.entries(scope.loaded.runbook.targets)) {
      if (!t || typeof t !== 'object' || Array.isArray(t)) continue;
      const key = this.tryRender(() => `${renderString(t.kubeconfig, scope.ctx)}\u0000${t.context === undefined ? '' : renderString(t.context, scope.ctx)}`, ['targets', name], scope);
      if (key === undefined) continue;
      const other = seen.get(key);
      if (other) this.fail(new TargetError(`targets ${other} and ${name} are given the same kubeconfig ${key.split('\u0000')[0]}`, 'each is a different cluster (a source and a destination, say): check which kubeconfig was given for which'), { ...scope, fieldPrefix: [] }, ['targets', name]);
      else seen.set(key, name);
    }
  }

  /** true/false when known now, the expression text when it needs captures, undefined on error. */
  private condition(step: Step, scope: Scope, ctx: TemplateContext): boolean | string | undefined {
    if (step.when === undefined) return true;
    return this.tryRender(() => {
      const r = evaluateCondition(step.when!, ctx);
      // Deferred: the condition with everything known now filled in; only captures/secrets remain.
      return 'value' in r ? r.value : r.deferred.map((p) => (typeof p === 'string' ? p : `${p.ref}`)).join('');
    }, [...scope.fieldPrefix, 'when']);
  }

  // Stops the compile with one diagnostic once the plan would pass MAX_PLAN_STEPS; `added` more
  // instances are about to be made (a foreach's items are counted before their branches).
  private count(added: number, scope: Scope, keep = added): void {
    if (this.instances + added <= MAX_PLAN_STEPS) {
      this.instances += keep;
      return;
    }
    this.fail(new Error(`the plan would have more than ${MAX_PLAN_STEPS} step instances (steps × hosts × foreach items × includes); it stopped growing here`), scope, []);
    this.diagnostics[this.diagnostics.length - 1].hint = 'split the run: fewer hosts or items per run (--group, a smaller list), or fewer nested includes';
    throw new PlanTooLarge();
  }

  private tryRender<T>(fn: () => T, field: Array<string | number>, scope?: Scope): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.failAt(e, field, scope);
      return undefined;
    }
  }

  private fail(e: unknown, scope: Scope, rel: Array<string | number>): void {
    this.failAt(e, [...scope.fieldPrefix, ...rel], scope);
  }

  private failAt(e: unknown, field: Array<string | number>, scope?: Scope): void {
    const loaded = scope?.loaded ?? this.input.loaded;
    const pos = loaded.locate?.(field);
    const message = e instanceof Error ? e.message : String(e);
    const hint = e instanceof TargetError ? e.hint : (e as { hint?: string }).hint;
    this.diagnostics.push({ file: loaded.file, line: pos?.line, col: pos?.col, path: formatPath(field), message, hint });
  }
}

function renderIncludeParams(
  params: Record<string, unknown>,
  ctx: TemplateContext,
  secrets: Record<string, unknown>,
  child: LoadedRunbook,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    // A secret passed straight through keeps its value out of the plan — only into a secret param.
    const passthrough = typeof v === 'string' ? /^\s*\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$/.exec(v) : null;
    if (passthrough && ctx.secretParams.has(passthrough[1])) {
      if (!child.runbook.params[k]?.secret) {
        throw new Error(`include param "${k}" receives the secret params.${passthrough[1]}, but ${child.runbook.metadata.name} does not declare "${k}" secret: its value would be written in clear`, {
          cause: undefined,
        });
      }
      out[k] = secrets[passthrough[1]];
    } else out[k] = typeof v === 'string' ? renderValue(v, ctx) : v;
  }
  return out;
}

// `serial:`/`parallel:` may come from a param ("{{ params.workerBatch }}").
function batchSize(value: number | string, ctx: TemplateContext): number {
  const n = typeof value === 'number' ? value : Number(renderString(value, ctx));
  if (!Number.isInteger(n) || n < 1) throw new Error(`batch size must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
  return n;
}

function redactedParams(ctx: TemplateContext): Record<string, unknown> {
  return { ...ctx.params };
}

function describeCluster(c?: { kubeconfig: string; context?: string }): string {
  return c ? `kubeconfig ${c.kubeconfig}${c.context ? ` (context ${c.context})` : ''}` : 'a host';
}

export function formatPath(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
