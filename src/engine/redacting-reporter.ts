// Every string an event carries passes the redactor before any reporter sees it, so a secret
// echoed by a remote command never reaches the terminal or the JSON stream.
import type { Reporter, RunEvent } from './events.js';
import { redactObject, type Redactor } from '../state/redact.js';

export function redactingReporter(inner: Reporter, redact: Redactor): Reporter {
  return {
    emit: (event: RunEvent) => inner.emit(redactObject(event, redact)),
    close: () => inner.close(),
  };
}
