// Regular expressions from runbooks (captures, `matches`, edit removeLines) run against output a
// remote host chose, so a pattern like /^(a+)+$/ must not freeze opsctl: every match runs under
// V8's watchdog (vm timeout), which interrupts backtracking, and fails with a clear message.
import vm from 'node:vm';
import { StepError } from '../errors.js';

/** Long enough for any sane pattern over megabytes of output; short enough for Ctrl-C to feel live. */
export const REGEX_BUDGET_MS = 2000;

// A step failure (exit 1): the output was the problem, or the pattern, not opsctl.
export class RegexTimeoutError extends StepError {
  constructor(pattern: string, chars: number, budgetMs: number) {
    super(`the regular expression /${pattern}/ took longer than ${budgetMs / 1000}s on ${chars} characters and was stopped`, {
      hint: 'nested quantifiers such as (a+)+ backtrack exponentially; anchor the pattern or make it more specific',
    });
  }
}

const sandbox = vm.createContext(Object.create(null));
const EXEC = new vm.Script('re.lastIndex = 0; re.exec(text)');
const TEST_EACH = new vm.Script('lines.map((l) => { re.lastIndex = 0; return re.test(l); })');

function bounded<T>(script: vm.Script, vars: Record<string, unknown>, re: RegExp, chars: number, budgetMs: number): T {
  Object.assign(sandbox, vars, { re });
  try {
    return script.runInContext(sandbox, { timeout: budgetMs }) as T;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new RegexTimeoutError(re.source, chars, budgetMs);
    throw e;
  } finally {
    for (const k of [...Object.keys(vars), 're']) delete (sandbox as Record<string, unknown>)[k];
  }
}

// `re.exec(text)` within the budget.
export function execBounded(re: RegExp, text: string, budgetMs = REGEX_BUDGET_MS): RegExpExecArray | null {
  return bounded<RegExpExecArray | null>(EXEC, { text }, re, text.length, budgetMs);
}

// `re.test(line)` for every line, all within one budget.
export function testEachBounded(re: RegExp, lines: string[], budgetMs = REGEX_BUDGET_MS): boolean[] {
  return bounded<boolean[]>(TEST_EACH, { lines }, re, lines.reduce((n, l) => n + l.length, 0), budgetMs);
}
