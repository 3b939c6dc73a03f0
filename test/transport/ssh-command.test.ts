// The pure parts of the SSH transport: the command wrapper (run through a real local `sh`), the
// stderr demultiplexer, and the channel limiter.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { buildKillCommand, buildRemoteCommand, PGID_MARK, shQuote, SUDO_PROMPT } from '../../src/transport/ssh-command.js';
import { StderrDemux } from '../../src/transport/ssh-stderr.js';
import { ChannelLimiter } from '../../src/transport/ssh-limiter.js';

// What sshd does with the string: hand it to the login shell's -c.
function shell(remote: string) {
  const r = spawnSync('bash', ['-c', remote], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('buildRemoteCommand', () => {
  test('reports the process group first, then runs with env and cwd', () => {
    const r = shell(buildRemoteCommand('pwd; printf %s "$A"; exit 7', { env: { A: "x'y" }, cwd: '/tmp' }));
    expect(r).toMatchObject({ status: 7, stdout: "/tmp\nx'y" });
    expect(r.stderr).toMatch(new RegExp(`^${PGID_MARK}\\d+\\n$`));
  });

  test('the reported group is the one the command runs in', () => {
    const r = shell(buildRemoteCommand('ps -o pgid= -p $$'));
    const reported = r.stderr.slice(PGID_MARK.length).trim();
    expect(r.stdout.trim()).toBe(reported);
  });

  test('sudo forms: -n normally, -S with our prompt when a password was given', () => {
    expect(buildRemoteCommand('id', { become: { withPassword: false } })).toMatch(/^exec sudo -n -- sh -c '/);
    expect(buildRemoteCommand('id', { become: { user: 'etcd', withPassword: true } })).toMatch(
      new RegExp(`^exec sudo -S -p '${SUDO_PROMPT}' -u 'etcd' -- sh -c '`),
    );
  });

  test('rejects environment names a shell would misread', () => {
    expect(() => buildRemoteCommand('true', { env: { 'A;rm': 'x' } })).toThrow(/invalid environment variable name/);
  });

  test('kill commands take only a real process group', () => {
    expect(buildKillCommand('1234', 'TERM')).toContain('kill -TERM -1234');
    for (const bad of ['0', '1', '-1', '12 34', '$(reboot)']) expect(() => buildKillCommand(bad, 'KILL')).toThrow(/refusing/);
  });

  test.each(["it's", '$(id) `id` \\ "', '\n\t', ''])('shQuote(%j) survives sh unchanged', (value) => {
    expect(shell(`printf %s ${shQuote(value)}`).stdout).toBe(value);
  });
});

describe('StderrDemux', () => {
  function demux() {
    const seen = { text: '', prompts: 0, pgid: '' };
    const d = new StderrDemux({ onText: (t) => (seen.text += t), onPrompt: () => seen.prompts++, onPgid: (p) => (seen.pgid = p) });
    return { d, seen };
  }

  test('finds the group line split across chunks and passes the rest through', () => {
    const { d, seen } = demux();
    for (const chunk of ['\x1eopsctl-', 'pgid 12', '34\nfirst ', 'error\n']) d.push(chunk);
    expect(seen).toEqual({ text: 'first error\n', prompts: 0, pgid: '1234' });
  });

  test('answers the sudo prompt once per appearance and never shows it', () => {
    const { d, seen } = demux();
    d.push(SUDO_PROMPT.slice(0, 5));
    d.push(`${SUDO_PROMPT.slice(5)}Sorry, try again.\n${SUDO_PROMPT}`);
    d.push(`${PGID_MARK}99\nok\n`);
    expect(seen).toEqual({ text: 'Sorry, try again.\nok\n', prompts: 2, pgid: '99' });
  });

  test('text from a command that never started (sudo refused) comes out at the end', () => {
    const { d, seen } = demux();
    d.push('sudo: a password is required\n');
    expect(seen.text).toBe('');
    d.end();
    expect(seen).toEqual({ text: 'sudo: a password is required\n', prompts: 0, pgid: '' });
  });
});

describe('ChannelLimiter', () => {
  test('never runs more than its maximum at once', async () => {
    const limiter = new ChannelLimiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        limiter.use(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  test('an abort while queued rejects without running the task', async () => {
    const limiter = new ChannelLimiter(1);
    let release!: () => void;
    const holder = limiter.use(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.use(async () => void (ran = true), controller.signal);
    controller.abort(new Error('stop'));
    await expect(queued).rejects.toThrow('stop');
    release();
    await holder;
    await limiter.use(async () => undefined); // the slot was handed back
    expect(ran).toBe(false);
  });
});
