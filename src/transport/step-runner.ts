// One persistent runner (runner-script.ts) over whatever carries its stdin/stdout/stderr — an SSH
// exec channel or a local child process. It starts the runner, then feeds it one step at a time
// and hands back the step's raw bytes, its process group and how it ended. Timeouts, kills and
// text decoding are the caller's (runner-step.ts); this class only moves bytes and reads lines.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { MarkerCut } from './marker-cut.js';
import { parseHello, parseRunnerLine, runnerScript, stepRequest, type RunnerHello, type StepEnd, type StepParts } from './runner-script.js';

// What a runner runs over; `closed` settles when the channel or process is gone for good.
export interface RunnerPipe {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  closed: Promise<void>;
  /** Ends it now (closes the channel, kills the process). */
  destroy(): void;
  /** True when this process can open the runner's fifos itself (a local runner). */
  local?: boolean;
}

// Where a step's bytes and process group go as they arrive.
export interface StepStreams {
  onStdout(bytes: Buffer): void;
  onStderr(bytes: Buffer): void;
  onPgid(pgid: string): void;
}

/** The runner went away (channel closed, process died) before the step's end was reported. */
export class RunnerGone extends Error {}

interface Active {
  out: MarkerCut;
  err: MarkerCut;
  fail(err: Error): void;
}

const newToken = () => randomBytes(16).toString('hex');
const gone = () => new RunnerGone('the step runner went away');

// Used by the pools: start() once, then run() steps one after another, close() when done.
export class StepRunner {
  private active?: Active;
  private ended = false;
  /** The runner's fifos' common path (`DIR.o`, `DIR.e`), for a local runner whose steps' output is read here. */
  private dir?: string;

  constructor(private readonly pipe: RunnerPipe) {
    pipe.stdout.on('data', (chunk: Buffer) => this.active?.out.push(chunk));
    pipe.stderr.on('data', (chunk: Buffer) => this.active?.err.push(chunk));
    // Writing to a runner that just died fails; `closed` is what reports it.
    for (const s of [pipe.stdin, pipe.stdout, pipe.stderr]) s.on('error', () => undefined);
    void pipe.closed.then(() => {
      this.ended = true;
      this.active?.fail(gone());
    });
  }

  /** False once the runner's channel or process has closed (or was given up). */
  get alive(): boolean {
    return !this.ended;
  }

  /** Sends the program and waits for its greeting; anything printed before it (a banner) is dropped. */
  start(timeoutMs: number): Promise<RunnerHello> {
    const token = newToken();
    const direct = Boolean(this.pipe.local);
    return new Promise<RunnerHello>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => resolve({ ok: false, why: `no greeting from the runner within ${timeoutMs} ms` })), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.active = undefined;
        then();
      };
      const ignore = () => undefined;
      this.active = {
        out: new MarkerCut(Buffer.from(token), ignore, (rest) => {
          const hello = parseHello(rest);
          if (hello.ok && direct) this.dir = hello.dir;
          finish(() => resolve(hello));
        }),
        err: new MarkerCut(Buffer.from(token), ignore, ignore),
        fail: (err) => finish(() => reject(err)),
      };
      if (this.ended) return this.active.fail(gone());
      this.pipe.stdin.write(runnerScript(token, !direct));
    });
  }

  /** Runs one step to its end (output read to end of file, status reported); rejects with RunnerGone. */
  run(step: StepParts, streams: StepStreams): Promise<StepEnd> {
    if (this.active) return Promise.reject(new Error('a step runner runs one step at a time'));
    if (this.ended) return Promise.reject(gone());
    const token = newToken();
    const marker = Buffer.from(token);
    return new Promise<StepEnd>((resolve, reject) => {
      let end: StepEnd | undefined;
      // Forwarding: stderr ends with a bare token line. Direct: both fifos must reach end of file.
      let pending = this.dir ? 2 : 1;
      const fifos = this.dir ? openFifos(this.dir) : undefined;
      const settle = () => {
        if (!end || pending > 0) return;
        this.active = undefined;
        resolve(end);
      };
      const drained = () => {
        pending--;
        settle();
      };
      this.active = {
        out: new MarkerCut(marker, streams.onStdout, (rest) => {
          const line = parseRunnerLine(rest);
          if (line.kind === 'pgid') {
            streams.onPgid(line.pgid);
            fifos?.read(streams, drained);
          } else if (line.kind === 'end') {
            end = line.end;
            // A step that failed before opening the fifos never reported its group.
            if (fifos && !fifos.reading) {
              fifos.close();
              pending = 0;
            }
            settle();
          }
        }),
        err: new MarkerCut(marker, streams.onStderr, drained),
        fail: (err) => {
          this.active = undefined;
          fifos?.close();
          reject(err);
        },
      };
      this.pipe.stdin.write(stepRequest(token, step));
    });
  }

  /** Ends an idle runner: at end of input it exits (removing its fifos), and its channel closes. */
  close(): void {
    this.ended = true;
    this.pipe.stdin.end();
  }

  /** Ends it at once, e.g. when a killed step's output is still held open by something it left behind. */
  destroy(): void {
    this.ended = true;
    this.pipe.destroy();
    for (const f of ['o', 'e', 'm']) if (this.dir) rmSync(`${this.dir}.${f}`, { force: true });
    // An SSH channel may take until the held output is released to confirm its close.
    this.active?.fail(gone());
  }
}

// A local runner's fifos, opened before the request (a non-blocking open of a fifo's read end
// never waits, and the step's blocking open for writing then finds a reader) and read once the
// step has opened them: read earlier, a fifo with no writer yet would look finished.
function openFifos(dir: string) {
  const fds = ['o', 'e'].map((f) => openSync(`${dir}.${f}`, constants.O_RDONLY | constants.O_NONBLOCK));
  const sockets: Socket[] = [];
  return {
    get reading() {
      return sockets.length > 0;
    },
    read(streams: StepStreams, drained: () => void) {
      fds.forEach((fd, i) => {
        const s = new Socket({ fd, readable: true, writable: false });
        sockets.push(s);
        s.on('data', (b: Buffer) => (i === 0 ? streams.onStdout(b) : streams.onStderr(b)));
        s.once('close', drained);
        s.on('error', () => undefined);
      });
    },
    close() {
      if (sockets.length) sockets.forEach((s) => s.destroy());
      else fds.forEach((fd) => closeSync(fd));
    },
  };
}
