// Turns zod issues into operator diagnostics: file:line:col of the offending node, the field path,
// and "expected X, found Y" instead of zod's internal wording. Pure.
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../errors.js';
import { describeFound, expectedName, typeName, valueAt } from './found.js';
import { isStepPath, knownKeysAt } from './known-keys.js';
import { STEP_KEYS, STEP_KINDS } from './schema.js';
import { suggest } from './suggest.js';
import { formatPath, locateKey, locateNode, locateValue, type FieldPath } from './yaml-locate.js';

export interface IssueContext {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
  /** Paths that an unknown key's "did you mean" points at (filled in while converting). */
  typoTargets?: Set<string>;
}
type Issue = z.core.$ZodIssue;

// zod's own messages start like this; anything else was written for operators in schema.ts.
const isCustom = (message: string): boolean => !/^(Invalid|Too (small|big)|Unrecognized)/.test(message);

// All issues of one parse. A misspelt required key gives zod two issues (unknown "nmae", missing
// "name"); the operator made one mistake, so the "missing" one is dropped when a typo explains it.
export function zodDiagnostics(issues: readonly Issue[], ctx: IssueContext): Diagnostic[] {
  const typoTargets = new Set<string>();
  const all = issues.flatMap((issue) => issueToDiagnostics(issue, { ...ctx, typoTargets }));
  return all.filter((d) => !(d.message.startsWith('missing required field') && d.path !== undefined && typoTargets.has(d.path)));
}

function issueToDiagnostics(issue: Issue, ctx: IssueContext, prefix: FieldPath = []): Diagnostic[] {
  const path = [...prefix, ...issue.path];
  if (path[path.length - 1] === 'kind' && isStepPath(path.slice(0, -1))) return [kindDiagnostic(path.slice(0, -1), ctx)];
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKey(path, key, ctx));
  if (issue.code === 'invalid_union' && !('note' in issue && issue.note)) return unionDiagnostics(issue, path, ctx);
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1]);
    const inner = issue.issues[0]?.message ?? 'invalid key';
    return [{ file: ctx.file, ...locateKey(ctx.doc, ctx.lines, path.slice(0, -1), key), path: formatPath(path), message: `${inner}, found ${JSON.stringify(key)}` }];
  }
  const { found, value } = valueAt(ctx.data, path);
  const at = locateValue(ctx.doc, ctx.lines, path);
  const where = { file: ctx.file, line: at.line, col: at.col, path: formatPath(path) };
  if (!found && path.length > 0) {
    const field = String(path[path.length - 1]);
    return [{ ...where, message: `missing required field "${field}"`, hint: isCustom(issue.message) ? issue.message : undefined }];
  }
  if (issue.code === 'invalid_type' && isStepPath(path)) {
    return [{ ...where, message: `expected a step (a mapping with an id and one of ${STEP_KINDS.join(', ')}), found ${describeFound(value)}` }];
  }
  return [{ ...where, ...describeIssue(issue, value, at, ctx) }];
}

function describeIssue(issue: Issue, value: unknown, at: { line: number; col: number }, ctx: IssueContext): { message: string; hint?: string } {
  const found = describeFound(value);
  switch (issue.code) {
    case 'invalid_type':
      return { message: `expected ${expectedName(issue.expected)}, found ${found}`, hint: typeHint(issue.expected, value, at, ctx) };
    case 'invalid_value': {
      const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
      if (isCustom(issue.message)) return { message: `${issue.message}, found ${found}`, hint };
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return { message: `expected ${issue.values.length === 1 ? options : `one of ${options}`}, found ${found}`, hint };
    }
    case 'invalid_format':
      return { message: `${isCustom(issue.message) ? issue.message : `expected a ${issue.format}`}, found ${found}` };
    case 'too_small':
    case 'too_big':
      return { message: isCustom(issue.message) ? issue.message : sizeMessage(issue, value) };
    default:
      return { message: isCustom(issue.message) ? issue.message : `${issue.message}, found ${found}` };
  }
}

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, value: unknown): string {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const cmp = issue.code === 'too_small' ? 'at least' : 'at most';
  if (issue.origin === 'string' && issue.code === 'too_small' && Number(bound) === 1) return 'expected a non-empty string';
  if (issue.origin === 'string') return `expected ${cmp} ${bound} characters, found ${String(value).length}`;
  if (issue.origin === 'array') return `expected ${cmp} ${bound} item(s), found ${(value as unknown[]).length}`;
  return `expected a number ${issue.code === 'too_small' ? '>=' : '<='} ${bound}, found ${describeFound(value)}`;
}

function typeHint(expected: string, value: unknown, at: { line: number; col: number }, ctx: IssueContext): string | undefined {
  if (typeName(value) === 'mapping' && lineAt(ctx.text, at.line).includes('{{')) return 'a value containing "{{ }}" must be quoted';
  if (expected === 'boolean' && typeof value === 'string') return 'write true or false';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return 'quote the value to make it a string';
  return undefined;
}

const lineAt = (text: string, line: number): string => text.split(/\r?\n/)[line - 1] ?? '';

const didYouMean = (word: string, candidates: readonly string[]): string | undefined => {
  const close = suggest(word, candidates);
  return close ? `did you mean "${close}"?` : undefined;
};

function unknownKey(path: FieldPath, key: string, ctx: IssueContext): Diagnostic {
  const known = knownKeysAt(path);
  const close = suggest(key, known);
  if (close) ctx.typoTargets?.add(formatPath([...path, close]));
  const hint = didYouMean(key, known) ?? (known.length > 0 && known.length <= 12 ? `expected one of: ${known.join(', ')}` : undefined);
  return { file: ctx.file, ...locateKey(ctx.doc, ctx.lines, path, key), path: formatPath([...path, key]), message: `unknown field "${key}"`, hint };
}

// The schema injects `kind` from the kind keys a step carries; report it on the step itself.
function kindDiagnostic(stepPath: FieldPath, ctx: IssueContext): Diagnostic {
  const step = valueAt(ctx.data, stepPath).value;
  const keys = step && typeof step === 'object' ? Object.keys(step) : [];
  const present = STEP_KINDS.filter((k) => keys.includes(k));
  const where = { file: ctx.file, ...locateNode(ctx.doc, ctx.lines, stepPath), path: formatPath(stepPath) };
  if (present.length > 1) return { ...where, message: `a step carries several kinds (${present.join(', ')}); keep one` };
  const typo = keys.filter((k) => !STEP_KEYS.includes(k)).find((k) => suggest(k, STEP_KINDS));
  const hint = typo ? `did you mean "${suggest(typo, STEP_KINDS)}" instead of "${typo}"?` : undefined;
  return { ...where, message: `a step needs exactly one of: ${STEP_KINDS.join(', ')}`, hint };
}

// A plain union (string-or-mapping, duration...): report the branch matching the value's shape,
// or "expected A or B" when none does.
function unionDiagnostics(issue: Extract<Issue, { code: 'invalid_union' }>, path: FieldPath, ctx: IssueContext): Diagnostic[] {
  // 0: the branch accepted the value's shape and failed deeper; 1: it failed at the value itself;
  // 2: wrong type altogether (not a candidate).
  const rank = (branch: Issue[]) =>
    branch.some((i) => i.path.length === 0 && i.code === 'invalid_type') ? 2 : branch.some((i) => i.path.length === 0) ? 1 : 0;
  const matching = [...issue.errors].filter((b) => b.length > 0 && rank(b) < 2).sort((a, b) => rank(a) - rank(b))[0];
  if (matching) return matching.flatMap((i) => issueToDiagnostics(i, ctx, path));
  const expected = [...new Set(issue.errors.flatMap((b) => b.filter((i) => i.code === 'invalid_type').map((i) => expectedName(i.expected))))];
  const { value } = valueAt(ctx.data, path);
  const at = locateValue(ctx.doc, ctx.lines, path);
  const hint = typeHint(expected[0] ?? '', value, at, ctx);
  return [{ file: ctx.file, line: at.line, col: at.col, path: formatPath(path), message: `expected ${expected.join(' or ')}, found ${describeFound(value)}`, hint }];
}
