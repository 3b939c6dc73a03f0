// A real OpenSSH server per test file: its own host key, client key, config, port and log, so SSH
// tests exercise what operators hit (host key checks, MaxSessions, sudo, ProxyJump, a crash)
// instead of a mock. A missing sshd is an error, never a silent skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { generateKey, knownHostsName, type PublicKey } from './ssh-keys.js';
import { commOf, descendantsOf, isAlive, signalTree } from './proc.js';
import { sshdConfig } from './sshd-config.js';
import { freePort, readBanner } from './net-probe.js';

export const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const SETPRIV = '/usr/bin/setpriv';
const READY_TIMEOUT_MS = 10_000;

export interface SshdOptions {
  port?: number;
  /** A loopback address of its own (127.0.0.2, ...) tells servers apart in logs. */
  address?: string;
  user?: string;
  /** Put first in sshd_config so it overrides the defaults, e.g. `LogLevel DEBUG1` or `MaxSessions 2`. */
  extraConfig?: string;
  /** Set in every session (sshd's one SetEnv line), e.g. a PATH with fault-injecting fakes first. */
  env?: Record<string, string>;
}

const running = new Set<Sshd>();
// A crashed test run must not leave sshd processes listening behind it.
process.once('exit', () => running.forEach((s) => s.child && signalTree(s.pid, 'SIGKILL')));

// Every SSH test starts its servers here; each call is a separate host (own key, port, log).
export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  for (const [tool, pkg] of [[SSHD, 'openssh-server'], [SSH_KEYGEN, 'openssh-client']]) {
    if (!existsSync(tool)) throw new Error(`SSH tests need ${tool}: install it with \`apt-get install -y ${pkg}\``);
  }
  const host = options.address ?? '127.0.0.1';
  for (let attempt = 1; ; attempt++) {
    // A free port can be taken between the probe and sshd's bind; pick another then.
    const port = options.port ?? (await freePort(host));
    const sshd = new Sshd(host, port, options.user ?? userInfo().username, options.extraConfig ?? '', options.env ?? {});
    try {
      await sshd.start();
      return sshd;
    } catch (err) {
      rmSync(sshd.dir, { recursive: true, force: true });
      if (options.port !== undefined || attempt >= 3 || !/Address already in use/.test(String(err))) throw err;
    }
  }
}

// A running test server; `stop()` it in afterAll (it also dies with the test worker).
export class Sshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'opsctl-sshd-'));
  readonly clientKeyPath = join(this.dir, 'client_ed25519');
  readonly clientKeyPub: string;
  readonly knownHostsFile = join(this.dir, 'known_hosts');
  readonly logFile = join(this.dir, 'sshd.log');
  child?: ChildProcess;
  private hostKey: PublicKey;
  private readonly probePorts = new Set<number>();

  constructor(
    readonly host: string,
    readonly port: number,
    readonly user: string,
    private readonly extraConfig: string,
    private readonly env: Record<string, string>,
  ) {
    this.hostKey = generateKey(join(this.dir, 'host_ed25519'));
    this.clientKeyPub = generateKey(this.clientKeyPath).line;
    writeFileSync(join(this.dir, 'authorized_keys'), `${this.clientKeyPub}\n`, { mode: 0o600 });
    writeFileSync(this.knownHostsFile, `${knownHostsName(host, port)} ${this.hostKey.line}\n`);
  }

  get hostKeyPub(): string { return this.hostKey.line; }
  get hostKeyBlob(): Buffer { return this.hostKey.blob; }
  get hostKeyType(): string { return this.hostKey.type; }
  get hostKeyFingerprint(): string { return this.hostKey.fingerprint; }
  get pid(): number { return this.child?.pid ?? -1; }

  /** Lets another client key log in (e.g. an encrypted one). */
  authorize(publicKeyLine: string): void {
    appendFileSync(join(this.dir, 'authorized_keys'), `${publicKeyLine}\n`);
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  // TCP connections sshd accepted, leaving out the harness's own readiness probes.
  connections(): Array<{ address: string; port: number }> {
    return [...this.log().matchAll(/Connection from (\S+) port (\d+) on /g)]
      .map((m) => ({ address: m[1], port: Number(m[2]) }))
      .filter((c) => !this.probePorts.has(c.port));
  }

  connectionCount(): number {
    return this.connections().length;
  }

  acceptedCount(): number {
    return (this.log().match(/Accepted publickey/g) ?? []).length;
  }

  async start(): Promise<void> {
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const config = join(this.dir, 'sshd_config');
    writeFileSync(config, sshdConfig({ dir: this.dir, host: this.host, port: this.port, user: this.user, extra: this.extraConfig, env: this.env }));
    const logStart = this.log().length;
    const logFd = openSync(this.logFile, 'a');
    // With setpriv, sshd dies with this worker even if vitest kills it before `exit` handlers run.
    const argv = [SSHD, '-D', '-e', '-f', config];
    const command = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv] : argv;
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    this.child = child;
    running.add(this);
    await this.waitReady(child, logStart);
  }

  private async waitReady(child: ChildProcess, logStart: number): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const listening = `Server listening on ${this.host} port ${this.port}`;
    while (!this.log().slice(logStart).includes(listening)) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        signalTree(this.pid, 'SIGKILL');
        throw new Error(`sshd on ${this.host}:${this.port} did not start:\n${this.log()}`);
      }
      await sleep(20);
    }
    this.probePorts.add(await readBanner(this.host, this.port));
  }

  /** Stops the server (and its sessions) and removes its directory. */
  async stop(): Promise<void> {
    await this.halt('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A crash: the server and every session die at once; the log stays readable. */
  async kill9(): Promise<void> {
    await this.halt('SIGKILL');
  }

  /**
   * The network dropped: every connection's sshd process dies, the listener and the commands the
   * sessions started live on (orphaned, as after a client vanished), so the host can tell what ran.
   */
  dropConnections(): number {
    const sessions = descendantsOf(this.pid).filter((pid) => /^sshd/.test(commOf(pid)));
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return sessions.length;
  }

  /**
   * sshd stops listening (a host going down for a reboot, sshd restarted): new connections are
   * refused; sessions already open and the commands they started live on.
   */
  async stopListening(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    running.delete(this);
    child.kill('SIGKILL');
    while (child.exitCode === null && child.signalCode === null) await sleep(20);
  }

  /** The host was reinstalled: same address and port, new host key; known_hosts keeps the old one. */
  async rotateHostKey(): Promise<void> {
    await this.halt('SIGTERM');
    this.hostKey = generateKey(join(this.dir, 'host_ed25519'));
    await this.start();
  }

  private async halt(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    running.delete(this);
    signalTree(child.pid!, signal);
    const deadline = Date.now() + 5000;
    while (isAlive(child.pid!) && child.exitCode === null && child.signalCode === null) {
      if (Date.now() > deadline) signalTree(child.pid!, 'SIGKILL');
      await sleep(20);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
