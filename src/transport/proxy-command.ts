// ssh_config's ProxyCommand, run the way ssh runs it (sshconnect.c ssh_proxy_connect): the user's
// $SHELL (else /bin/sh) with `-c "exec COMMAND"`; the command's stdin and stdout carry the SSH
// connection, its stderr is kept for the error message. The child is killed with the connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';

export interface ProxyProcess {
  /** What ssh2 reads from and writes to instead of a TCP socket. */
  socket: Duplex;
  /** Why the proxy ended, for the connect error: its exit status and last stderr lines. */
  describe(): string;
  /** Resolves once the proxy has exited (and its stderr is read), or after `withinMs`. */
  settled(withinMs: number): Promise<void>;
  kill(): void;
}

const STDERR_KEEP = 2000;

export function startProxyCommand(command: string): ProxyProcess {
  const shell = process.env.SHELL || '/bin/sh';
  const child: ChildProcess = spawn(shell, ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let spawnError: Error | undefined;
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-STDERR_KEEP)));
  child.on('error', (e) => (spawnError = e));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // A write after the proxy died must fail the connection, not crash the process.
  child.stdin!.on('error', () => undefined);
  const socket = Duplex.from({ readable: child.stdout!, writable: child.stdin! });
  socket.on('error', () => undefined);
  return {
    socket,
    describe() {
      const status = spawnError ? `could not start: ${spawnError.message}` : child.exitCode !== null ? `exited ${child.exitCode}` : child.signalCode ? `killed by ${child.signalCode}` : 'closed the connection';
      const said = stderr.trim().split('\n').slice(-3).join(' / ');
      return `ProxyCommand "${command}" ${status}${said ? `: ${said}` : ''}`;
    },
    settled(withinMs) {
      return Promise.race([closed, new Promise<void>((r) => setTimeout(r, withinMs).unref())]);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
