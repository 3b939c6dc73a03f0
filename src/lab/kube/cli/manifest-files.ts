// The documents of `-f FILE|DIR|-` for apply/create/delete: YAML or JSON, several per file,
// `kind: List` unwrapped, each matched to a served type (or reported like a missing CRD).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ToolError } from './errors.js';
import { kindForDocument, type KindInfo } from '../store/kinds.js';
import { isObject, type K8sObject } from '../store/object.js';

export interface ManifestDoc {
  source: string;
  obj: K8sObject;
  info: KindInfo;
}

export interface UnknownDoc {
  source: string;
  obj: K8sObject;
}

function filesOf(path: string, recursive: boolean): string[] {
  if (path === '-') return ['-'];
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ToolError(`error: the path "${path}" does not exist`);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((f) => {
      const p = join(path, f);
      if (statSync(p).isDirectory()) return recursive ? filesOf(p, true) : [];
      return /\.(ya?ml|json)$/.test(f) ? [p] : [];
    });
}

function documents(file: string): K8sObject[] {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  const docs: K8sObject[] = [];
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) throw new ToolError(`error: error parsing ${file}: ${d.errors[0].message}`);
    const v = d.toJSON() as unknown;
    if (v === null || v === undefined) continue;
    if (!isObject(v) || typeof v.kind !== 'string' || !isObject(v.metadata)) {
      throw new ToolError(`error: error validating "${file}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`);
    }
    if (v.kind === 'List' && Array.isArray(v.items)) docs.push(...(v.items as K8sObject[]));
    else docs.push(v as unknown as K8sObject);
  }
  return docs;
}

// Splits documents into served ones and ones whose type the lab does not serve.
export function loadManifests(paths: string[], recursive: boolean): { docs: ManifestDoc[]; unknown: UnknownDoc[] } {
  if (paths.length === 0) throw new ToolError('error: must specify one of -f and -k');
  const docs: ManifestDoc[] = [];
  const unknown: UnknownDoc[] = [];
  for (const source of paths.flatMap((p) => filesOf(p, recursive))) {
    for (const obj of documents(source)) {
      const info = kindForDocument(String(obj.apiVersion ?? ''), obj.kind);
      if (info) docs.push({ source, obj, info });
      else unknown.push({ source, obj });
    }
  }
  return { docs, unknown };
}

export function readManifests(paths: string[], recursive: boolean): ManifestDoc[] {
  return paths.length ? loadManifests(paths, recursive).docs : [];
}

export const unknownKindText = (u: UnknownDoc): string =>
  `error: resource mapping not found for name: "${u.obj.metadata.name}" namespace: "${u.obj.metadata.namespace ?? ''}" from "${u.source}": no matches for kind "${u.obj.kind}" in version "${u.obj.apiVersion}"\nensure CRDs are installed first`;
