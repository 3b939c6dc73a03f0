// Every `-o` output of `kubectl get`: tables (plain, wide, no headers, several types at once),
// yaml and json with sorted keys like kubectl's, `name`, jsonpath and custom-columns.
import { Scalar, stringify } from 'yaml';
import { ToolError } from '../cli/errors.js';
import { columnsFor } from './columns.js';
import { columnValue, renderJsonPath } from './jsonpath.js';
import { singularRef, type KindInfo } from '../store/kinds.js';
import { isObject, type K8sObject } from '../store/object.js';
import { formatTable } from './table.js';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' | 'json' | 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string };

const SUPPORTED = 'custom-columns,json,jsonpath,name,wide,yaml';

export function parseOutput(value: string | undefined): OutputFormat {
  if (value === undefined || value === '') return { kind: 'table', wide: false };
  if (value === 'wide') return { kind: 'table', wide: true };
  if (value === 'yaml' || value === 'json' || value === 'name') return { kind: value };
  const m = /^(jsonpath|custom-columns)=(.*)$/s.exec(value);
  if (m && m[1] === 'jsonpath') return { kind: 'jsonpath', template: m[2] };
  if (m) return { kind: 'custom-columns', spec: m[2] };
  throw new ToolError(`error: unable to match a printer suitable for the output format "${value}", allowed formats are: ${SUPPORTED}`);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

// Go's YAML quotes strings a YAML 1.1 reader would take for timestamps; so does kubectl's output.
function quoteTimestamps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(quoteTimestamps);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, quoteTimestamps(x)]));
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d([Tt ]|$)/.test(v)) {
    const s = new Scalar(v);
    s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }
  return v;
}

export const toYaml = (v: unknown): string => stringify(quoteTimestamps(sortKeys(v)), { indentSeq: false, lineWidth: 0 });
export const toJson = (v: unknown): string => JSON.stringify(sortKeys(v), null, 4) + '\n';

function listValue(items: K8sObject[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export interface PrintGroup {
  info: KindInfo;
  objects: K8sObject[];
}

export interface PrintOptions {
  format: OutputFormat;
  noHeaders: boolean;
  /** Prefix names with the type (`pod/x`), as kubectl does when several types are listed. */
  withKind: boolean;
  allNamespaces: boolean;
  showLabels: boolean;
  /** The user named exactly one object: structured outputs print it bare, not in a List. */
  single: boolean;
  minWidth: number;
}

export function renderGet(groups: PrintGroup[], opts: PrintOptions): string {
  const objects = groups.flatMap((g) => g.objects);
  const f = opts.format;
  const value = opts.single && objects.length === 1 ? objects[0] : listValue(objects);
  switch (f.kind) {
    case 'yaml':
      return toYaml(value);
    case 'json':
      return toJson(value);
    case 'jsonpath':
      return renderJsonPath(f.template, value);
    case 'name':
      return groups.flatMap((g) => g.objects.map((o) => `${singularRef(g.info)}/${o.metadata.name}\n`)).join('');
    case 'custom-columns':
      return customColumns(f.spec, objects, opts);
    case 'table':
      return groups
        .filter((g) => g.objects.length > 0)
        .map((g) => table(g, f.wide, opts))
        .join('\n');
  }
}

function table(g: PrintGroup, wide: boolean, opts: PrintOptions): string {
  const cols = columnsFor(g.info.kind);
  const headers = [...(opts.allNamespaces && g.info.namespaced ? ['NAMESPACE'] : []), ...cols.headers, ...(wide ? cols.wide : []), ...(opts.showLabels ? ['LABELS'] : [])];
  const rows = g.objects.map((o) => {
    const row = cols.row(o, wide);
    if (opts.withKind) row[0] = `${singularRef(g.info)}/${row[0]}`;
    if (opts.showLabels) row.push(labelsCell(o));
    return opts.allNamespaces && g.info.namespaced ? [o.metadata.namespace ?? '', ...row] : row;
  });
  return formatTable(opts.noHeaders ? rows : [headers, ...rows], opts.minWidth);
}

const labelsCell = (o: K8sObject): string =>
  Object.entries(o.metadata.labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '<none>';

function customColumns(spec: string, objects: K8sObject[], opts: PrintOptions): string {
  const cols = spec.split(',').map((c) => {
    const at = c.indexOf(':');
    if (at < 0) throw new ToolError(`error: unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, at), path: c.slice(at + 1) };
  });
  const rows = objects.map((o) => cols.map((c) => columnValue(c.path, o)));
  return formatTable(opts.noHeaders ? rows : [cols.map((c) => c.header), ...rows], opts.minWidth);
}
