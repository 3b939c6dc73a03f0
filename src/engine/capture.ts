// Taking values out of a step's result for later steps (`capture:`): a whole stream, a regex group
// or a JSON path. A capture that finds nothing fails the step unless it has a default, so a later
// command never runs with an empty value where an ID should be.
import type { CaptureSpec } from '../runbook/schema.js';
import type { ResultView } from './condition.js';
import { execBounded } from '../runbook/user-regex.js';
import { getJsonPath, parseJsonPath, stringifyJsonValue } from './json-path.js';

/** Problems with capture specs that would only show after the command ran: bad regexes and JSON paths. */
export function captureSpecProblems(specs: Record<string, CaptureSpec>): Array<{ name: string; field: 'regex' | 'json'; message: string }> {
  const out: Array<{ name: string; field: 'regex' | 'json'; message: string }> = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (typeof spec === 'string') continue;
    if (spec.regex !== undefined) {
      try {
        new RegExp(spec.regex, 'm');
      } catch (e) {
        out.push({ name, field: 'regex', message: `capture ${name}: the regex does not compile: ${(e as Error).message}` });
      }
    }
    if (spec.json !== undefined && !parseJsonPath(spec.json)) {
      out.push({ name, field: 'json', message: `capture ${name}: bad JSON path "${spec.json}"; expected e.g. .members[0].ID` });
    }
  }
  return out;
}

export function takeCaptures(specs: Record<string, CaptureSpec>, r: ResultView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = takeOne(name, spec, r);
  return out;
}

function takeOne(name: string, spec: CaptureSpec, r: ResultView): string {
  if (spec === 'exitCode') return String(r.exitCode);
  if (spec === 'stdout' || spec === 'stderr') return r[spec].trim();
  const text = r[spec.from];
  let value: string | undefined;
  if (spec.json !== undefined) {
    const path = parseJsonPath(spec.json);
    if (!path) throw new Error(`capture ${name}: bad JSON path "${spec.json}"`);
    try {
      const v = getJsonPath(JSON.parse(text), path);
      value = v === undefined ? undefined : stringifyJsonValue(v);
    } catch {
      value = undefined;
      if (spec.default === undefined) throw new Error(`capture ${name}: ${spec.from} is not JSON`);
    }
  } else if (spec.regex !== undefined) {
    const m = execBounded(new RegExp(spec.regex, 'm'), text);
    const g = spec.group ?? (m && m.length > 1 ? 1 : 0);
    value = m ? (typeof g === 'number' ? m[g] : m.groups?.[g]) : undefined;
  } else value = text;
  if (value === undefined) {
    if (spec.default !== undefined) return spec.default;
    throw new Error(`capture ${name}: nothing matched in ${spec.from}`);
  }
  return spec.trim ? value.trim() : value;
}
