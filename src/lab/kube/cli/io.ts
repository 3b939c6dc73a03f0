// Synchronous, ordered writes to stdout/stderr: the tools are short-lived processes whose output a
// runbook captures through a pipe, and async pipe writes can be lost when the process ends.
import { writeSync } from 'node:fs';

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      // A full non-blocking pipe: wait for the reader instead of dropping output.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      sleepMs(2);
    }
  }
}

export const out = (text: string): void => writeAll(1, text);
export const err = (text: string): void => writeAll(2, text);

// Lines end with a newline; an empty text prints nothing.
export const outLine = (text: string): void => (text === '' ? undefined : out(text.endsWith('\n') ? text : `${text}\n`));
export const errLine = (text: string): void => (text === '' ? undefined : err(text.endsWith('\n') ? text : `${text}\n`));

export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
