// Which nodes a run left cordoned, read from the compiled plan of the real runbooks and the
// journal's step states, and what the upgrade and node commands say about them afterwards.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadRunbookFile } from '../../src/runbook/load-file.js';
import { resolveIncludeRef } from '../../src/runbook/catalog.js';
import { compilePlan } from '../../src/plan/compile.js';
import { loadInventory } from '../../src/inventory/load.js';
import { planSteps } from '../../src/plan/walk.js';
import { leftCordoned } from '../../src/node/left-cordoned.js';
import { reportKubeadmUpgrade, reportNodeMaintenance } from '../../src/upgrade/report.js';
import type { RunState, StepState } from '../../src/state/replay.js';
import type { Plan } from '../../src/plan/types.js';

const ROOT = join(import.meta.dirname, '../..');
const INVENTORY = join(ROOT, 'fixtures/inventories/kubeadm-upgrade.ini');

function compile(runbook: string, params: Record<string, unknown>): Plan {
  return compilePlan({
    loaded: loadRunbookFile(join(ROOT, 'runbooks', `${runbook}.yaml`)),
    params: { inventoryFile: INVENTORY, ...params },
    inventory: loadInventory(INVENTORY),
    runId: 'r1',
    now: new Date(),
    loadInclude: (ref, from) => loadRunbookFile(resolveIncludeRef(ref, from)),
    reader: { readText: () => undefined },
  }).plan;
}

const upgradePlan = () =>
  compile('kubeadm-upgrade', { to: 'v1.30.1', from: 'v1.28.2', path: ['v1.29.x', 'v1.30.1'], controlPlane: ['cp-1', 'cp-2', 'cp-3'], workers: ['worker-1', 'worker-2'], fetchTo: '/tmp/x' });

// Every step up to (not including) the first whose key matches `stop` is done; that one is `at`.
function statesUntil(plan: Plan, stop: RegExp, at: StepState): Map<string, StepState> {
  const states = new Map<string, StepState>();
  for (const s of planSteps(plan)) {
    if (stop.test(s.key)) {
      states.set(s.key, at);
      break;
    }
    states.set(s.key, 'done');
  }
  return states;
}

const runState = (states: Map<string, StepState>, status: RunState['status'], captures: Record<string, string> = {}) =>
  ({ status, captures, steps: new Map([...states].map(([k, state]) => [k, { key: k, state }])) }) as unknown as RunState;

describe('leftCordoned', () => {
  it('names the worker whose upgrade stopped between drain and uncordon, with the command on the host kubectl ran on', () => {
    const plan = upgradePlan();
    const states = statesUntil(plan, /^hops\[v1\.30\.1\]\/workers\[worker-2\]\/worker-kubeadm-package@/, 'failed');
    expect(leftCordoned(plan, states)).toEqual([{ node: 'worker-2', via: 'cp-1', command: 'kubectl --kubeconfig /etc/kubernetes/admin.conf uncordon worker-2' }]);
  });

  it('counts a drain that failed (kubectl cordons first) or was running when the run died; nothing once uncordoned', () => {
    const plan = upgradePlan();
    expect(leftCordoned(plan, statesUntil(plan, /^hops\[v1\.29\.x\]\/control-plane\[cp-2\]\/cp-drain@/, 'unknown')).map((c) => c.node)).toEqual(['cp-2']);
    expect(leftCordoned(plan, statesUntil(plan, /^hops\[v1\.29\.x\]\/control-plane\[cp-2\]\/cp-drain@/, 'failed')).map((c) => c.node)).toEqual(['cp-2']);
    expect(leftCordoned(plan, statesUntil(plan, /^hops\[v1\.29\.x\]\/control-plane\[cp-2\]\/cp-ready@/, 'failed'))).toEqual([]);
    expect(leftCordoned(plan, statesUntil(plan, /^hops\[v1\.29\.x\]\/control-plane\[cp-2\]\/cp-kubeadm-package@/, 'failed'))).toEqual([]);
  });

  it('reports it as a warning with resume on failure; the node command reports a drain as asked', () => {
    const plan = upgradePlan();
    const failed = reportKubeadmUpgrade({ plan, state: runState(statesUntil(plan, /workers\[worker-1\]\/worker-restart-kubelet@/, 'failed'), 'failed') });
    expect(failed).toEqual([
      { level: 'info', text: 'upgrade path: v1.28.2 → v1.29.x → v1.30.1' },
      {
        level: 'warn',
        text: 'worker-1 is left cordoned (drained by this run, which stopped before uncordoning it). Once it is healthy: kubectl --kubeconfig /etc/kubernetes/admin.conf uncordon worker-1   (on cp-1) — or continue the run: opsctl resume r1',
      },
    ]);
    const drain = compile('node-maintenance', { node: 'worker-1', action: 'drain', via: 'cp-1' });
    const done = new Map(planSteps(drain).map((s) => [s.key, 'done' as StepState]));
    expect(reportNodeMaintenance({ plan: drain, state: runState(done, 'succeeded') })).toEqual([
      { level: 'info', text: 'worker-1 is drained and cordoned, as asked; to put it back: kubectl --kubeconfig /etc/kubernetes/admin.conf uncordon worker-1   (on cp-1)' },
    ]);
  });

  it('prints the kubelet versions before and after', () => {
    const plan = upgradePlan();
    const all = new Map(planSteps(plan).map((s) => [s.key, 'done' as StepState]));
    const msgs = reportKubeadmUpgrade({ plan, state: runState(all, 'succeeded', { versionsBefore: 'cp-1=v1.28.2 worker-1=v1.28.2', versionsAfter: 'cp-1=v1.30.1 worker-1=v1.30.1' }) });
    expect(msgs[1].text).toBe(['kubelet versions before → after:', '  NODE      BEFORE   AFTER', '  cp-1      v1.28.2  v1.30.1', '  worker-1  v1.28.2  v1.30.1'].join('\n'));
  });
});
