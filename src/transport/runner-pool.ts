// The runners of one host: started on first use, reused step after step, a few at once when steps
// run in parallel on the host, and replaced when one dies. If a runner cannot start there (no
// setsid, a login shell that eats its input...), the pool says so once and every later step on
// that host uses the caller's fallback (an exec channel per step, as before runners existed).
import { StepRunner, type RunnerPipe } from './step-runner.js';

// How a pool gets a new runner's pipe, and gives back what opening it held (an SSH channel slot).
export interface RunnerSource {
  /** Opens the pipe (waiting for a free channel slot); aborting stops the wait. */
  open(signal?: AbortSignal): Promise<RunnerPipe>;
  /** How long to wait for the runner's greeting (a login shell's rc files run first). */
  startTimeoutMs: number;
  /** Says why a runner could not start; the host then falls back (called once per host). */
  onUnusable?(why: string): void;
  /** When a runner's pipe closed before its greeting: the error to throw if the host itself is gone. */
  lost?(cause: unknown): Error | undefined;
}

const FALLBACK = Symbol('fallback');
// What a waiter is handed: a runner, a freed place to start one in, or "use the fallback".
type Grant = StepRunner | 'retry' | typeof FALLBACK;

// One per host; `acquire` hands out an idle runner, starts one, or waits for one to be released.
export class RunnerPool {
  private readonly idle: StepRunner[] = [];
  private readonly waiting: Array<(g: Grant) => void> = [];
  private size = 0;
  private closed = false;
  /** Why this host runs steps without a runner, once that is known. */
  unusable?: string;

  constructor(
    private readonly source: RunnerSource,
    private readonly max: number,
  ) {}

  /** A runner for one step, or undefined: use the fallback. Throws when the connection is gone. */
  async acquire(signal?: AbortSignal): Promise<StepRunner | undefined> {
    for (;;) {
      if (this.unusable || this.closed || this.max === 0) return undefined;
      const idle = this.takeIdle();
      if (idle) return idle;
      if (this.size < this.max) {
        this.size++;
        let started: StepRunner | typeof FALLBACK | undefined;
        try {
          started = await this.start(signal);
        } finally {
          if (!(started instanceof StepRunner)) this.freePlace();
        }
        return started === FALLBACK ? undefined : started;
      }
      const got = await this.wait(signal);
      if (got === FALLBACK) return undefined;
      if (got !== 'retry') return got;
    }
  }

  /** Gives a runner back after its step; a dead one frees its place for a new one. */
  release(runner: StepRunner): void {
    if (!runner.alive || this.closed) {
      if (runner.alive) runner.close();
      return this.freePlace();
    }
    const next = this.waiting.shift();
    if (next) next(runner);
    else this.idle.push(runner);
  }

  /** Closes one idle runner (its channel slot is wanted elsewhere); false if none is idle. */
  shed(): boolean {
    const runner = this.idle.shift();
    if (!runner) return false;
    runner.close();
    this.freePlace();
    return true;
  }

  closeAll(): void {
    this.closed = true;
    for (const r of this.idle.splice(0)) r.close();
    for (const w of this.waiting.splice(0)) w(FALLBACK);
  }

  private takeIdle(): StepRunner | undefined {
    while (this.idle.length) {
      const r = this.idle.shift()!;
      if (r.alive) return r;
      this.freePlace();
    }
    return undefined;
  }

  // FALLBACK: runners do not work on this host.
  private async start(signal?: AbortSignal): Promise<StepRunner | typeof FALLBACK> {
    const pipe = await this.source.open(signal);
    const runner = new StepRunner(pipe);
    let hello;
    try {
      hello = await runner.start(this.source.startTimeoutMs);
    } catch (err) {
      // The channel closed before the greeting: a dead connection is the caller's to report;
      // a live one means the login shell would not run the runner.
      const lost = this.source.lost?.(err);
      if (lost) throw lost;
      hello = { ok: false as const, why: `its channel closed before it started (${(err as Error).message})` };
    }
    if (hello.ok) return runner;
    runner.destroy();
    this.markUnusable(hello.why);
    return FALLBACK;
  }

  private markUnusable(why: string): void {
    if (this.unusable) return;
    this.unusable = why;
    this.source.onUnusable?.(why);
    for (const w of this.waiting.splice(0)) w(FALLBACK);
  }

  private wait(signal?: AbortSignal): Promise<Grant> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const grant = (r: Grant) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  // A runner's place freed up (it died, was closed, or never started): one waiter may use it.
  private freePlace(): void {
    this.size--;
    this.waiting.shift()?.('retry');
  }
}
