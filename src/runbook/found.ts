// Words for "what was found" in diagnostics: the operator reads YAML, so a JS object is a
// "mapping" and an array a "list". Pure.

// The value at `path` inside plain parsed data; `found` is false when a key or index is absent.
export function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): { found: boolean; value: unknown } {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (empty value)';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

// A type name, plus the value itself when it is a short scalar: `string "yes"`, `number 5`.
export function describeFound(value: unknown): string {
  const type = typeName(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const shown = JSON.stringify(value);
    return `${type} ${shown.length > 40 ? `${shown.slice(0, 37)}..."` : shown}`;
  }
  return type;
}

// zod's names for expected types, in YAML words.
export function expectedName(zodType: string): string {
  const names: Record<string, string> = { object: 'mapping', array: 'list', int: 'integer', record: 'mapping' };
  return names[zodType] ?? zodType;
}
