// Turns a param value as given (a `-p` string, or any JSON from an include) into its declared type.
// Pure; returns an error message instead of throwing so callers can collect them.
import type { ParamSpec } from './schema.js';
import { typeName } from './found.js';

export type Coerced = { ok: true; value: unknown } | { ok: false; expected: string; found: string };

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

// `show` is false for secret params: the error then names the type, never the value.
export function coerceParam(type: ParamSpec['type'], value: unknown, show: boolean): Coerced {
  const fail = (expected: string): Coerced => ({ ok: false, expected, found: describe(value, show) });
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
      return fail('a string');
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : fail('a number');
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const text = String(value).trim().toLowerCase();
      if ((typeof value === 'string' || typeof value === 'number') && TRUE.has(text)) return { ok: true, value: true };
      if ((typeof value === 'string' || typeof value === 'number') && FALSE.has(text)) return { ok: true, value: false };
      return fail('true or false (also yes/no, 1/0)');
    }
    case 'list':
      if (Array.isArray(value)) return { ok: true, value };
      if (typeof value === 'string') return { ok: true, value: value.split(',').map((s) => s.trim()).filter((s) => s !== '') };
      return fail('a comma-separated list');
  }
}

function describe(value: unknown, show: boolean): string {
  if (!show) return `${typeName(value)} (secret, not shown)`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return typeName(value);
}
