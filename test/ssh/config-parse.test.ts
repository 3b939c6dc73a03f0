// Parsing ssh_config: line splitting like OpenSSH, errors with file:line:col (exit 2), Match
// blocks opsctl cannot evaluate, and Include read from real files under a temp home.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../src/errors.js';
import { loadSshConfig } from '../../src/ssh/config-load.js';
import { parseSshConfig } from '../../src/ssh/config-parse.js';
import { resolveSshConfig } from '../../src/ssh/config-resolve.js';
import { splitConfigLine } from '../../src/ssh/config-words.js';
import { tempDir, writeIn } from './helpers.js';

const env = { user: 'op', home: '/home/op' };
const parse = (text: string) => parseSshConfig(text, 'cfg', { home: env.home });
const resolve = (text: string, alias: string) => resolveSshConfig(parse(text).config, alias, env);
const thrown = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
};

describe('splitConfigLine', () => {
  it.each([
    ['User bob', 'User', ['bob']],
    ['  user=bob', 'user', ['bob']],
    ['User = bob', 'User', ['bob']],
    ['\tPort\t2222 # comment', 'Port', ['2222']],
    ['IdentityFile "/a b/key"', 'IdentityFile', ['/a b/key']],
    ["IdentityFile '/a b'/key\\ x", 'IdentityFile', ['/a b/key x']],
    ['User x#y', 'User', ['x#y']],
    ['Host a b !c', 'Host', ['a', 'b', '!c']],
  ])('%j', (line, keyword, args) => {
    const r = splitConfigLine(line);
    expect(r).toMatchObject({ keyword: { text: keyword } });
    expect('args' in r && r.args.map((a) => a.text)).toEqual(args);
  });

  it('treats blank and # lines as empty and reports an unclosed quote at its column', () => {
    expect(splitConfigLine('   # Host x')).toEqual({ empty: true });
    expect(splitConfigLine('')).toEqual({ empty: true });
    expect(splitConfigLine('User "bob')).toEqual({ error: 'invalid quotes: no closing quote', col: 6 });
  });
});

describe('parseSshConfig errors', () => {
  it('reports every bad line with file:line:col, as ssh would refuse them', () => {
    const { diagnostics } = parse('Host a\n  Port abc\n  User\n  User a b\n  StrictHostKeyChecking maybe\n  ProxyJump h:xyz\n  ConnectTimeout 5x\nMatch exec\nMatch bogus x\n  Bogus keyword is ignored\n');
    expect(diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
      '2:8 port: bad port "abc" (expected 1-65535)',
      '3:3 no argument after keyword "user"',
      '4:10 user: extra arguments at end of line',
      '5:25 stricthostkeychecking: unsupported option "maybe" (expected yes, accept-new, no or ask)',
      '6:13 proxyjump: invalid ProxyJump "h:xyz": "h:xyz" is not [user@]host[:port]',
      '7:18 connecttimeout: invalid time value "5x" (e.g. 30, 90s, 5m, 1h30m)',
      '8:7 Match exec needs an argument',
      '9:7 unsupported Match attribute "bogus"',
    ]);
  });

  it('throws them from loadSshConfig as one InputError (exit 2) naming the file', () => {
    const dir = tempDir();
    const file = writeIn(dir, 'config', 'Host a\n  Port 0\n');
    const e = thrown(() => loadSshConfig(file, dir));
    expect(e.exitCode).toBe(ExitCode.badInput);
    expect(e.message).toContain(`${file}:2:8`);
    expect(thrown(() => loadSshConfig(join(dir, 'missing'), dir)).diagnostics[0].message).toBe('ssh config file not found');
  });

  it('treats an absent ~/.ssh/config as empty', () => {
    expect(loadSshConfig(undefined, tempDir())).toEqual({ items: [], warnings: [] });
  });
});

describe('Match', () => {
  it('skips blocks it cannot evaluate, with a warning, instead of guessing', () => {
    const text = 'Match exec "test -f /x"\n  User fromexec\nMatch canonical all\n  Port 1\nMatch all\n  User everyone\n';
    const { config } = parse(text);
    expect(config.warnings.map((w) => `${w.line} ${w.message}`)).toEqual([
      '1 Match exec test -f /x is not supported by opsctl; this block is skipped',
      '3 Match canonical is not supported by opsctl; this block is skipped',
    ]);
    expect(resolveSshConfig(config, 'h', env)).toMatchObject({ user: 'everyone', port: 22 });
  });

  it('evaluates host, originalhost, user and localuser, with negation', () => {
    const text = 'Host h1\n  HostName 10.0.0.1\nMatch !host 10.*\n  Port 1000\nMatch user root localuser op\n  IdentityFile /k/root\nMatch originalhost h1,h2\n  User root\n';
    expect(resolve(text, 'h1')).toMatchObject({ port: 22, user: 'root', identityFiles: [] });
    expect(resolveSshConfig(parse(text).config, 'h1', env, { user: 'root' }).identityFiles).toEqual(['/k/root']);
    expect(resolve(text, 'other')).toMatchObject({ port: 1000, user: 'op' });
  });
});

describe('tokens', () => {
  it('expands %h %n %p %r %u %d %% and ~ in IdentityFile once host, port and user are final', () => {
    const text = 'Host x\n  HostName X.example\n  IdentityFile ~/k/%h-%n-%p-%r-%u-%d-%%\n  Port 2\n  User u\n';
    expect(resolve(text, 'x').identityFiles).toEqual(['/home/op/k/x.example-x-2-u-op-/home/op-%']);
  });

  it('refuses a token it does not know, at the line that used it', () => {
    const e = thrown(() => resolve('Host x\n  IdentityFile ~/%T\n', 'x'));
    expect(e.diagnostics[0]).toMatchObject({ file: 'cfg', line: 2, col: 3 });
    expect(e.diagnostics[0].message).toContain('unknown token %T');
    // ProxyCommand knows fewer tokens than paths do, as in ssh.
    const p = thrown(() => resolve('Host x\n  ProxyCommand nc %h %p %u\n', 'x'));
    expect(p.diagnostics[0]).toMatchObject({ file: 'cfg', line: 2, col: 3 });
    expect(p.diagnostics[0].message).toContain('unknown token %u');
  });
});

describe('Include', () => {
  it('reads paths relative to ~/.ssh, globs sorted, and Includes inside included files', () => {
    const home = tempDir();
    writeIn(home, '.ssh/config', 'Include conf.d/*\nHost *\n  User fallback\n');
    writeIn(home, '.ssh/conf.d/b', 'Host b\n  User bee\n');
    writeIn(home, '.ssh/conf.d/a', 'Host a\n  User ay\n  Include ~/.ssh/deeper/*.conf\n');
    writeIn(home, '.ssh/deeper/1.conf', 'Port 1111\n');
    const config = loadSshConfig(undefined, home);
    const include = config.items[0];
    expect(include.kind === 'include' && include.files.map((f) => f.file)).toEqual([join(home, '.ssh/conf.d/a'), join(home, '.ssh/conf.d/b')]);
    expect(resolveSshConfig(config, 'a', { user: 'op', home })).toMatchObject({ user: 'ay', port: 1111 });
    expect(resolveSshConfig(config, 'b', { user: 'op', home })).toMatchObject({ user: 'bee', port: 22 });
    expect(resolveSshConfig(config, 'c', { user: 'op', home })).toMatchObject({ user: 'fallback' });
  });

  it('stops an Include loop at the depth limit with the line that loops', () => {
    const home = tempDir();
    const file = writeIn(home, '.ssh/config', 'Include config\n');
    const e = thrown(() => loadSshConfig(undefined, home));
    expect(e.diagnostics[0]).toMatchObject({ file, line: 1, col: 9, message: 'Include nested more than 16 deep' });
  });
});
