// Maps a field path (from zod or our own checks) back to a line:col in the runbook source, so every
// diagnostic points where the operator must look. Pure: walks the `yaml` AST, reads no files.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export type FieldPath = ReadonlyArray<PropertyKey>;
export interface Position {
  line: number;
  col: number;
}

interface Hop {
  node: Node | null;
  pair?: Pair; // set when the hop went through a mapping key
}

// One hop per path element that exists in the document; stops at the first missing one.
function walk(doc: Document, path: FieldPath): Hop[] {
  const hops: Hop[] = [{ node: (doc.contents as Node | null) ?? null }];
  for (const key of path) {
    let node = hops[hops.length - 1].node;
    if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(key));
      if (!pair) break;
      hops.push({ node: (pair.value as Node | null) ?? null, pair });
    } else if (isSeq(node) && typeof key === 'number' && key < node.items.length) {
      hops.push({ node: (node.items[key] as Node | null) ?? null });
    } else break;
  }
  return hops;
}

export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function startOf(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? (node.range[0] as number) : undefined;
}

// Where a hop is best shown: a mapping or list that is a field's value is shown at its key (the line
// the operator reads as "the field"); an empty value at its key too; anything else at the value.
function offsetOf(hop: Hop): number | undefined {
  const { node, pair } = hop;
  const emptyValue = !node || (isScalar(node) && node.value === null && node.source === '');
  if (pair && (emptyValue || isMap(node) || isSeq(node))) return startOf(pair.key);
  return startOf(node);
}

function toPosition(offset: number | undefined, lines: LineCounter): Position {
  if (offset === undefined) return { line: 1, col: 1 };
  const { line, col } = lines.linePos(offset);
  return { line, col };
}

export interface Located extends Position {
  /** false when the path stops before its end (a missing field): the position is the deepest parent found. */
  exists: boolean;
}

// The position of the value at `path`, or of its deepest existing parent.
export function locateValue(doc: Document, lines: LineCounter, path: FieldPath): Located {
  const hops = walk(doc, path);
  const exists = hops.length === path.length + 1;
  return { ...toPosition(offsetOf(hops[hops.length - 1]), lines), exists };
}

// The node at `path` (aliases resolved), or undefined when the path does not exist.
export function nodeAt(doc: Document, path: FieldPath): Node | null | undefined {
  const hops = walk(doc, path);
  return hops.length === path.length + 1 ? hops[hops.length - 1].node : undefined;
}

// The position of the node at `path` itself, e.g. a step's mapping rather than the key that holds it.
export function locateNode(doc: Document, lines: LineCounter, path: FieldPath): Position {
  const hops = walk(doc, path);
  const last = hops[hops.length - 1];
  return toPosition(startOf(last.node) ?? startOf(last.pair?.key), lines);
}

// The position of the key `key` inside the mapping at `path` (unknown or invalid keys).
export function locateKey(doc: Document, lines: LineCounter, path: FieldPath, key: string): Position {
  const hops = walk(doc, [...path, key]);
  const last = hops[hops.length - 1];
  if (hops.length === path.length + 2 && last.pair) return toPosition(startOf(last.pair.key), lines);
  return toPosition(offsetOf(last), lines);
}

// Renders `['steps', 2, 'wait', 'interval']` as `steps[2].wait.interval`.
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
