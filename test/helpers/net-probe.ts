// Network probes for test servers: a free port to listen on, and proof a server is really up
// (its SSH banner arrived), with the probe's own port so logs can leave it out.
import { connect, createServer } from 'node:net';

const BANNER_TIMEOUT_MS = 10_000;

export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// Connects and waits for the `SSH-2.0-` banner; returns the probe's local port so it is not counted.
export function readBanner(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error(`no SSH banner from ${host}:${port}`)), BANNER_TIMEOUT_MS);
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (!text.includes('\n')) return;
      clearTimeout(timer);
      const localPort = socket.localPort!;
      socket.destroy();
      if (text.startsWith('SSH-2.0-')) resolve(localPort);
      else reject(new Error(`unexpected banner from ${host}:${port}: ${JSON.stringify(text)}`));
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
