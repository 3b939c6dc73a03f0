// Scripted event sequences and in-memory streams shared by the reporter tests.
import { Writable } from 'node:stream';
import type { RunEvent } from '../../src/engine/events.js';
import type { PlanStepEvent } from '../../src/report/plan-text.js';

export interface Sink {
  stream: NodeJS.WritableStream;
  text(): string;
  lines(): string[];
}

export function sink(extra: Record<string, unknown> = {}): Sink {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  Object.assign(stream, extra);
  const text = () => chunks.join('');
  return { stream, text, lines: () => text().split('\n').filter((l) => l !== '') };
}

export const runStart: RunEvent = { type: 'run.start', runId: 'r-42', runbook: 'master-backup', params: { host: 'master-0', awsSecret: '***' }, mode: 'run' };

// A run with a sequential part, two branches in parallel, a retry, output, a failure and its undo.
export const runEvents: RunEvent[] = [
  runStart,
  { type: 'step.start', stepId: 'hostname', key: 'k/hostname', host: 'master-0', attempt: 1, kind: 'run', command: 'hostname' },
  { type: 'step.output', stepId: 'hostname', key: 'k/hostname', host: 'master-0', stream: 'stdout', text: 'mas' },
  { type: 'step.output', stepId: 'hostname', key: 'k/hostname', host: 'master-0', stream: 'stdout', text: 'ter-0\n\x1b[31mred\x1b]0;pwned\x07' },
  { type: 'step.end', stepId: 'hostname', key: 'k/hostname', host: 'master-0', status: 'ok', exitCode: 0, durationMs: 1234, attempt: 1, captures: { hostname: 'master-0' } },
  { type: 'step.start', stepId: 'copy-origin', key: 'k/copy/m0', host: 'master-0', attempt: 1, kind: 'run', name: 'Copy /etc/origin', command: 'cp -aR /etc/origin /backup/etc' },
  { type: 'step.start', stepId: 'copy-origin', key: 'k/copy/m1', host: 'master-1', attempt: 2, kind: 'run', name: 'Copy /etc/origin' },
  { type: 'step.output', stepId: 'copy-origin', key: 'k/copy/m1', host: 'master-1', stream: 'stderr', text: 'cp: warning\r\n' },
  { type: 'step.end', stepId: 'copy-origin', key: 'k/copy/m1', host: 'master-1', status: 'changed', exitCode: 0, durationMs: 61_000, attempt: 2 },
  { type: 'step.end', stepId: 'copy-origin', key: 'k/copy/m0', host: 'master-0', status: 'changed', exitCode: 0, durationMs: 850, attempt: 1 },
  { type: 'step.end', stepId: 'compress', key: 'k/compress', host: 'master-0', status: 'skipped', exitCode: null, durationMs: 0, attempt: 1, reason: 'creates /backup/etc.tgz exists' },
  { type: 'message', level: 'warn', text: 'etcd is slow', hint: 'check disk latency' },
  { type: 'step.start', stepId: 'snapshot', key: 'k/snapshot', host: 'master-0', attempt: 1, kind: 'run' },
  { type: 'step.end', stepId: 'snapshot', key: 'k/snapshot', host: 'master-0', status: 'failed', exitCode: 1, durationMs: 3200, attempt: 1, message: 'Error: context deadline exceeded\x1b[2J' },
  { type: 'step.undo', stepId: 'copy-origin', key: 'k/copy/m0', host: 'master-0', status: 'ok', command: 'rm -rf /backup/etc', exitCode: 0 },
  { type: 'message', level: 'error', text: 'snapshot failed' },
  { type: 'run.end', runId: 'r-42', status: 'failed', durationMs: 9000, exitCode: 1, failedStep: 'snapshot' },
];

export function runEnd(status: Extract<RunEvent, { type: 'run.end' }>['status'], extra: Partial<Extract<RunEvent, { type: 'run.end' }>> = {}): RunEvent {
  return { type: 'run.end', runId: 'r-42', status, durationMs: 3200, exitCode: 0, ...extra };
}

const base = { type: 'plan.step' as const, readOnly: false, final: false, phase: ['master-decommission'] };

export const planSteps: PlanStepEvent[] = [
  { ...base, stepId: 'health', key: 'p/health', host: 'master-0', kind: 'assert', command: 'etcdctl endpoint health', readOnly: true },
  { ...base, stepId: 'confirm-remove', key: 'p/confirm', host: 'local', kind: 'confirm', gate: 'Remove member master-2 from the etcd cluster?' },
  { ...base, stepId: 'copy-origin', name: 'Copy origin config', key: 'p/copy', host: 'master-2', kind: 'run', phase: ['master-decommission', 'master-backup'], command: "cat > /tmp/x <<'EOF'\nline two\nEOF", guards: ['creates /backup/etc'], undo: 'rm -rf /backup/etc' },
  { ...base, stepId: 'compress', key: 'p/compress', host: 'master-2', kind: 'skip', phase: ['master-decommission', 'master-backup'], reason: 'when params.compress is false' },
  { ...base, stepId: 'haproxy', key: 'p/haproxy/lb-0', host: 'lb-0', kind: 'edit', group: 'pool of 2: lb-0, lb-1', rule: 'remove lines matching ^\\s*server\\s+master-2\\b', diff: '--- a/etc/haproxy/haproxy.cfg\n+++ b/etc/haproxy/haproxy.cfg\n@@ -3,2 +3,1 @@\n   server master-1 10.0.0.2:6443\n-  server master-2 10.0.0.3:6443\n' },
  { ...base, stepId: 'haproxy', key: 'p/haproxy/lb-1', host: 'lb-1', kind: 'edit', group: 'pool of 2: lb-0, lb-1', rule: 'set ETCD_X=1', diff: '+ETCD_X=1' },
  { ...base, stepId: 'member-remove', key: 'p/member', host: 'master-0', kind: 'run', command: 'etcdctl member remove <captures.memberId>', when: 'captures.memberId != ""' },
  { ...base, stepId: 'cleanup', key: 'p/cleanup', host: 'local', kind: 'run', command: 'rm -f /tmp/x', final: true },
];
