// Caps the channels open at once on a connection: OpenSSH refuses sessions past MaxSessions
// (10 by default), and a refused channel would fail a step that only had to wait its turn.
// A plain semaphore whose queued waiters can be aborted (a canceled step leaves the queue). Step
// runners hold a slot for as long as they live; when someone has to wait, `onStarved` lets an
// idle runner give its slot back.
export class ChannelLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Called when a caller has to wait for a slot. */
  onStarved?: () => void;

  constructor(private readonly max: number) {}

  /** Takes a slot until the returned function is called (a runner's channel outlives one step). */
  async hold(signal?: AbortSignal): Promise<() => void> {
    await this.acquire(signal);
    let held = true;
    return () => {
      if (held) this.release();
      held = false;
    };
  }

  /** Runs `task` once a slot is free; an abort while queued rejects without running it. */
  async use<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    this.onStarved?.();
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
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

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
