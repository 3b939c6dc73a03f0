// Who handles a closed stdout or stderr (`opsctl run ... | head`, a terminal that went away):
// while a run executes, its session does (the run is stopped and journaled, exit 141); otherwise
// the process just ends quietly. Kept tiny: main.ts loads it before any command.
type Handler = (e: NodeJS.ErrnoException) => void;

let current: Handler | undefined;

export function setOutputClosedHandler(h: Handler | undefined): void {
  current = h;
}

/** True when a session took care of it. */
export function handleOutputClosed(e: NodeJS.ErrnoException): boolean {
  if (!current) return false;
  current(e);
  return true;
}

export const isClosedOutput = (e: NodeJS.ErrnoException): boolean => e.code === 'EPIPE' || e.code === 'EIO' || e.code === 'ERR_STREAM_DESTROYED';
