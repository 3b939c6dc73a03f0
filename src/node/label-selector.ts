// A Kubernetes label selector (`matchLabels` and `matchExpressions`) matched against a pod's
// labels, as a PodDisruptionBudget selects its pods. Pure.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

// Does a budget's selector take this pod? (matchLabels and matchExpressions both must hold.)
export function selectorMatches(selector: Obj | undefined, labels: Record<string, string>): boolean {
  // A PDB with an empty selector matches every pod of its namespace (policy/v1).
  if (!selector) return true;
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) if (labels[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as Obj[]) {
    const has = e.key in labels;
    const values = (e.values ?? []) as string[];
    const ok =
      e.operator === 'In' ? has && values.includes(labels[e.key]) :
      e.operator === 'NotIn' ? !has || !values.includes(labels[e.key]) :
      e.operator === 'Exists' ? has :
      e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}
