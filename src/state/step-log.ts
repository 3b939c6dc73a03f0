// Each step's full output goes to `steps/<nnn>-<id>.log` so the operator can read what a remote
// command said after the terminal scrolled away; redacted like everything else that is written.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type LogStream = 'stdout' | 'stderr' | 'info';

export interface StepLog {
  write(stream: LogStream, text: string): void;
  close(): void;
}

// Where a step's log goes: the plan index keeps files in run order, the id makes them findable.
export function stepLogPath(runDir: string, index: number, stepId: string): string {
  const safeId = stepId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return join(runDir, 'steps', `${String(index).padStart(3, '0')}-${safeId}.log`);
}

const PREFIX: Record<LogStream, string> = { stdout: '', stderr: '[stderr] ', info: '[info] ' };
const OPEN_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?![\s\S]*-----END [A-Z0-9 ]*PRIVATE KEY-----)/;
const MAX_HELD = 1 << 20;

// Output arrives in arbitrary chunks; whole lines are redacted and written so a secret split
// across two chunks is still caught, and a private key is held until its END line.
export function openStepLog(path: string, redact: (s: string) => string): StepLog {
  let fd: number | undefined = openSync(path, 'a', 0o600);
  const held: Record<LogStream, string> = { stdout: '', stderr: '', info: '' };

  const flush = (stream: LogStream, all: boolean) => {
    const text = held[stream];
    const cut = all ? text.length : text.lastIndexOf('\n') + 1;
    if (cut === 0 || fd === undefined) return;
    if (!all && OPEN_KEY.test(text.slice(0, cut)) && text.length < MAX_HELD) return;
    held[stream] = text.slice(cut);
    const chunk = redact(text.slice(0, cut));
    const lines = chunk.endsWith('\n') ? chunk.slice(0, -1).split('\n') : chunk.split('\n');
    writeSync(fd, lines.map((l) => PREFIX[stream] + l + '\n').join(''));
  };

  return {
    write(stream, text) {
      if (fd === undefined) return;
      held[stream] += stream === 'info' && !text.endsWith('\n') ? text + '\n' : text;
      flush(stream, false);
    },
    close() {
      if (fd === undefined) return;
      for (const s of Object.keys(held) as LogStream[]) flush(s, true);
      closeSync(fd);
      fd = undefined;
    },
  };
}
