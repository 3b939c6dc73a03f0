import { describe, expect, it } from 'vitest';
import { JsonReporter } from '../../src/report/json.js';
import { PlainReporter } from '../../src/report/plain.js';
import { chooseReporter, createReporter } from '../../src/report/select.js';
import { TtyReporter } from '../../src/report/tty.js';
import { sink } from './helpers.js';

const base = { output: 'text' as const, isTTY: true, env: {}, noColor: false };

describe('chooseReporter', () => {
  it('uses JSON when asked, whatever the terminal', () => {
    expect(chooseReporter({ ...base, output: 'json' })).toEqual({ kind: 'json', color: false });
  });

  it('uses plain text off a terminal, in CI and on a dumb terminal', () => {
    expect(chooseReporter({ ...base, isTTY: false }).kind).toBe('plain');
    expect(chooseReporter({ ...base, env: { CI: 'true' } }).kind).toBe('plain');
    expect(chooseReporter({ ...base, env: { TERM: 'dumb' } }).kind).toBe('plain');
    expect(chooseReporter({ ...base, env: { CI: 'false' } }).kind).toBe('tty');
  });

  it('keeps the spinner but drops colour for NO_COLOR and --no-color', () => {
    expect(chooseReporter(base)).toEqual({ kind: 'tty', color: true });
    expect(chooseReporter({ ...base, env: { NO_COLOR: '1' } })).toEqual({ kind: 'tty', color: false });
    expect(chooseReporter({ ...base, env: { NO_COLOR: '' } })).toEqual({ kind: 'tty', color: true });
    expect(chooseReporter({ ...base, noColor: true })).toEqual({ kind: 'tty', color: false });
  });
});

describe('createReporter', () => {
  it('loads and builds the chosen reporter', async () => {
    const streams = { stdout: sink().stream, stderr: sink().stream, verbose: false };
    expect(await createReporter({ ...base, ...streams, output: 'json' })).toBeInstanceOf(JsonReporter);
    expect(await createReporter({ ...base, ...streams, isTTY: false })).toBeInstanceOf(PlainReporter);
    expect(await createReporter({ ...base, ...streams })).toBeInstanceOf(TtyReporter);
  });
});
