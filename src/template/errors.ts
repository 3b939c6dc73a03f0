// One error type for every template problem, so the runbook loader can turn it into a
// `file:line:col` diagnostic: `offset` is the 0-based position inside the template string.
export class TemplateError extends Error {
  readonly offset: number;
  readonly hint?: string;
  constructor(message: string, offset: number, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TemplateError';
    this.offset = offset;
    this.hint = options.hint;
  }
}

// Type guard for callers that catch unknown errors (loader, plan compiler, engine).
export function isTemplateError(e: unknown): e is TemplateError {
  return e instanceof TemplateError;
}
