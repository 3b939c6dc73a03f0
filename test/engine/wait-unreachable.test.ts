// A `wait` outlives a host that is down for a moment (a reboot being waited for): a poll that
// cannot reach the host counts as one that did not hold. A host that cannot be trusted or logged
// into ends the wait at once. The unreachable host is injected (a transport that refuses the
// first polls the way ssh2 reports a refused connection, or a factory whose first connections are
// refused: the host was already down when the step started, as when resume comes back while the
// node is still rebooting); everything else is the real engine.
import { describe, expect, it } from 'vitest';
import { HostError } from '../../src/errors.js';
import { DefaultTransportFactory } from '../../src/transport/factory.js';
import type { Transport, TransportFactory } from '../../src/transport/types.js';
import type { PlanHost } from '../../src/plan/types.js';
import { compileInline, runEngine } from './helpers.js';

function flakyFactory(failures: number, transient: boolean): TransportFactory & { polls: number } {
  const real = new DefaultTransportFactory();
  const f = {
    polls: 0,
    async open(host: PlanHost): Promise<Transport> {
      const t = await real.open(host);
      return {
        host: t.host,
        run: async (command, options) => {
          f.polls++;
          if (f.polls <= failures) throw new HostError(`cannot connect to root@node-1:22: connection refused (ECONNREFUSED)`, { transient });
          return t.run(command, options);
        },
        put: t.put.bind(t),
        get: t.get.bind(t),
        close: t.close.bind(t),
      };
    },
    closeAll: () => real.closeAll(),
  };
  return f;
}

// The host is down when the step starts: its first `opens` connections are refused.
function downAtFirst(opens: number): TransportFactory & { opens: number } {
  const real = new DefaultTransportFactory();
  const f = {
    opens: 0,
    async open(host: PlanHost): Promise<Transport> {
      f.opens++;
      if (f.opens <= opens) throw new HostError(`cannot connect to root@node-1:22: connection refused (ECONNREFUSED)`, { transient: true });
      return real.open(host);
    },
    closeAll: () => real.closeAll(),
  };
  return f;
}

const body = `
  steps:
    - id: back
      wait: { run: "true", interval: 100ms, timeout: 20s }
`;

describe('wait on a host that is briefly unreachable', () => {
  it('keeps polling through refused connections and holds once the host answers', async () => {
    const transports = flakyFactory(3, true);
    const r = await runEngine(compileInline(body), { transports });
    expect(r.result.exitCode).toBe(0);
    expect(transports.polls).toBe(4);
    expect(r.ends.get('back')).toMatchObject({ status: 'ok', message: 'held after 4 poll(s)' });
  });

  it('gives up with the last error when the host never comes back', async () => {
    const transports = flakyFactory(1000, true);
    const r = await runEngine(compileInline(body.replace('timeout: 20s', 'timeout: 1s')), { transports });
    expect(r.result.exitCode).toBe(1);
    expect(r.ends.get('back')).toMatchObject({ status: 'failed', reason: 'wait timed out' });
    expect(r.ends.get('back')!.message).toMatch(/ECONNREFUSED/);
  });

  it('stops at once on a host error that will not heal (an untrusted key, a failed login)', async () => {
    const transports = flakyFactory(1000, false);
    const r = await runEngine(compileInline(body), { transports });
    expect(r.result.exitCode).toBe(5);
    expect(transports.polls).toBe(1);
  });

  it('polls when the host is already down as the wait starts (resume while the node reboots)', async () => {
    const transports = downAtFirst(3);
    const r = await runEngine(compileInline(body), { transports });
    expect(r.result.exitCode).toBe(0);
    // The engine's open before the step, two polls refused, the third answered.
    expect(transports.opens).toBe(4);
    expect(r.ends.get('back')).toMatchObject({ status: 'ok', message: 'held after 3 poll(s)' });
  });

  it('a command step on a host that is down still fails at once as unreachable', async () => {
    const transports = downAtFirst(1);
    const r = await runEngine(compileInline(body.replace('wait: { run: "true", interval: 100ms, timeout: 20s }', 'run: "true"')), { transports });
    expect(r.result.exitCode).toBe(5);
    expect(r.ends.get('back')).toMatchObject({ status: 'failed', reason: 'unreachable' });
    expect(transports.opens).toBe(1);
  });
});
