// The template engine's public surface: plan compilation renders, the engine finishes, validate
// checks. Everything here is pure (no I/O).
export type { DeferredRef, Filter, Part, Parts, TemplateContext } from './types.js';
export type { RunTimeValues } from './env.js';
export { TemplateError, isTemplateError } from './errors.js';
export { shellQuote, shellQuoteList } from './quote.js';
export { renderParts, renderString, renderValue, renderPieces, isRaw } from './render.js';
export type { Piece } from './render.js';
export { renderPattern, regexValue, escapeRegex } from './pattern.js';
export { placeExpressions } from './shell-lex.js';
export type { Placement, QuoteContext } from './shell-lex.js';
export { finishParts, displayParts } from './finish.js';
export type { RunTimeContext } from './finish.js';
export { evaluateCondition, evaluateConditionAtRunTime, evaluateDeferredCondition } from './condition.js';
export type { ConditionResult } from './condition.js';
export { referencesIn, referencesAt, checkTemplateSyntax, checkShellTemplate, templateShape } from './inspect.js';
export type { Reference } from './inspect.js';
export { isTruthy } from './values.js';
export { closestName, levenshtein } from './suggest.js';
