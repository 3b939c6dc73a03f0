// ProxyJump values (`[user@]host[:port]`, `ssh://user@host:port`, `[v6addr]:port`, comma chains)
// split into hops with OpenSSH's rules (readconf.c parse_jump), shared by the ssh_config checker
// and by connection resolution, which resolves each hop like a host of its own.

export interface JumpHop {
  user?: string;
  host: string;
  port?: number;
}

// Hops in dialling order: the first is reached directly, each next one through the previous.
export function parseProxyJump(spec: string): { hops: JumpHop[] } | { error: string } {
  const hops: JumpHop[] = [];
  for (const part of spec.split(',')) {
    const hop = parseHop(part);
    if (!hop) return { error: `invalid ProxyJump "${spec}": "${part}" is not [user@]host[:port]` };
    hops.push(hop);
  }
  return { hops };
}

// How a hop is written back (user@host:port, [v6]:port), e.g. in messages and `ssh -J`.
export function formatJumpHop(hop: JumpHop): string {
  const host = hop.host.includes(':') ? `[${hop.host}]` : hop.host;
  return `${hop.user ? `${hop.user}@` : ''}${host}${hop.port ? `:${hop.port}` : ''}`;
}

function parseHop(raw: string): JumpHop | undefined {
  let rest = raw;
  if (/^ssh:\/\//i.test(rest)) {
    rest = rest.slice('ssh://'.length).replace(/\/$/, '');
    if (rest.includes('/')) return undefined;
  }
  const at = rest.lastIndexOf('@');
  const user = at >= 0 ? rest.slice(0, at) : undefined;
  if (user === '') return undefined;
  const hostPort = rest.slice(at + 1);
  const m = /^\[([^\]]+)\](?::([^:]*))?$/.exec(hostPort) ?? /^([^:[\]]+)(?::([^:]*))?$/.exec(hostPort);
  if (!m) return undefined;
  const hop: JumpHop = { host: m[1] };
  if (user !== undefined) hop.user = user;
  if (m[2] !== undefined) {
    const port = /^\d+$/.test(m[2]) ? Number(m[2]) : NaN;
    if (!(port >= 1 && port <= 65535)) return undefined;
    hop.port = port;
  }
  return hop;
}
