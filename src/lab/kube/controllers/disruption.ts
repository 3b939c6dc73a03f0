// The disruption controller and the eviction check, as the API server applies them: a
// PodDisruptionBudget's status (expected, healthy, desired healthy, disruptions allowed) from the
// pods its selector matches, and whether evicting a pod now would violate a budget (HTTP 429).
import { mustKind } from '../store/kinds.js';
import type { K8sObject } from '../store/object.js';
import type { Store } from '../store/store.js';

const POD = mustKind('Pod');
const PDB = mustKind('PodDisruptionBudget');

function selects(selector: K8sObject['spec'] | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
    const has = e.key in labels;
    const values = e.values ?? [];
    const ok = e.operator === 'In' ? has && values.includes(labels[e.key]) : e.operator === 'NotIn' ? !has || !values.includes(labels[e.key]) : e.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}

const healthy = (p: K8sObject) => p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

// `3`, `"50%"` of `expected`, rounded up as the disruption controller does.
function scaled(value: number | string, expected: number): number {
  return typeof value === 'string' && value.endsWith('%') ? Math.ceil((Number(value.slice(0, -1)) / 100) * expected) : Number(value);
}

// The pods a budget's selector takes, in its namespace.
function budgetPods(store: Store, pdb: K8sObject): K8sObject[] {
  return store.list(POD, pdb.metadata.namespace).filter((p) => selects(pdb.spec?.selector, p.metadata.labels ?? {}));
}

// The budget with the status the disruption controller would give it now.
export function withBudgetStatus(store: Store, pdb: K8sObject): K8sObject {
  const pods = budgetPods(store, pdb);
  const expectedPods = pods.length;
  const currentHealthy = pods.filter(healthy).length;
  const spec = pdb.spec ?? {};
  const desiredHealthy = spec.minAvailable !== undefined ? scaled(spec.minAvailable, expectedPods) : spec.maxUnavailable !== undefined ? Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods)) : 0;
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  return {
    ...pdb,
    status: {
      observedGeneration: 1,
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods,
      conditions: [{ type: 'DisruptionAllowed', status: disruptionsAllowed > 0 ? 'True' : 'False', reason: disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods', message: '' }],
    },
  };
}

// The budget that forbids evicting `pod` now, if any.
export function blockingBudget(store: Store, pod: K8sObject): K8sObject | undefined {
  return store
    .list(PDB, pod.metadata.namespace)
    .filter((b) => selects(b.spec?.selector, pod.metadata.labels ?? {}))
    .map((b) => withBudgetStatus(store, b))
    .find((b) => b.status.disruptionsAllowed < 1);
}
