// The resource arguments of get/delete/patch/scale/...: `TYPE [NAME...]`, `TYPE1,TYPE2`,
// `TYPE/NAME...` (as `oc get ... -o name` prints them), resolved to served types.
import { ToolError } from './errors.js';
import { resolveKind, type KindInfo } from '../store/kinds.js';

const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'statefulsets'];

export interface Target {
  info: KindInfo;
  /** Empty: every object of the type (in scope). */
  names: string[];
}

export function parseTargets(words: string[], tool: string): Target[] {
  if (words.length === 0) {
    throw new ToolError(`error: you must specify the type of resource to get. Use "${tool} api-resources" for a complete list of supported resources.`);
  }
  if (words[0].includes('/')) {
    const targets: Target[] = [];
    for (const w of words) {
      const slash = w.indexOf('/');
      if (slash < 0) throw new ToolError('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. \'kubectl get resource/<resource_name>\' instead of \'kubectl get resource resource/<resource_name>\'');
      const info = resolveKind(w.slice(0, slash));
      const existing = targets.find((t) => t.info === info);
      if (existing) existing.names.push(w.slice(slash + 1));
      else targets.push({ info, names: [w.slice(slash + 1)] });
    }
    return targets;
  }
  // `all` is kubectl's category of the common workload types.
  const typed = words[0].split(',').filter(Boolean).flatMap((t) => (t === 'all' ? ALL : [t]));
  const types = typed.map((t) => resolveKind(t));
  const names = words.slice(1);
  if (names.some((n) => n.includes('/'))) {
    throw new ToolError('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. \'kubectl get resource/<resource_name>\' instead of \'kubectl get resource resource/<resource_name>\'');
  }
  return types.map((info) => ({ info, names }));
}
