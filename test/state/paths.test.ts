import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locksDir, resolveStateDir, runDir, runsDir } from '../../src/state/paths.js';
import { isValidRunId, newRunId } from '../../src/state/run-id.js';
import { createRunDir } from '../../src/state/runs.js';

describe('resolveStateDir', () => {
  it('prefers the flag, then OPSCTL_STATE_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    const env = { OPSCTL_STATE_DIR: '/s/env', XDG_STATE_HOME: '/xdg' };
    expect(resolveStateDir('/s/flag', env)).toBe('/s/flag');
    expect(resolveStateDir(undefined, env)).toBe('/s/env');
    expect(resolveStateDir(undefined, { XDG_STATE_HOME: '/xdg' })).toBe('/xdg/opsctl');
    expect(resolveStateDir(undefined, {})).toBe(join(homedir(), '.local', 'state', 'opsctl'));
  });

  it('lays out runs and locks side by side', () => {
    expect(runsDir('/s')).toBe('/s/runs');
    expect(runDir('/s', 'abc')).toBe('/s/runs/abc');
    expect(locksDir('/s')).toBe('/s/locks');
  });
});

describe('newRunId', () => {
  it('is sortable, readable and valid', () => {
    const id = newRunId('master-backup', new Date('2026-03-01T03:04:05Z'));
    expect(id).toMatch(/^20260301-030405-master-backup-[0-9a-f]{8}$/);
    expect(isValidRunId(id)).toBe(true);
    expect(newRunId('x', new Date('2026-03-01T03:04:06Z')) > id).toBe(true);
  });

  it('keeps path characters out of ids', () => {
    expect(newRunId('../Evil Name', new Date(0))).toMatch(/^19700101-000000-evil-name-[0-9a-f]{8}$/);
    expect(isValidRunId('../20260301-030405-x-abcd')).toBe(false);
    expect(isValidRunId('20260301-030405-x/y-abcd')).toBe(false);
  });
});

describe('run id randomness and run directories', () => {
  it('carries at least 32 random bits', () => {
    const id = newRunId('x', new Date(0));
    expect(id).toMatch(/-[0-9a-f]{8,}$/);
  });

  it('creates a run directory exclusively: an existing one is never reused', () => {
    const state = mkdtempSync(join(tmpdir(), 'opsctl-runid-'));
    try {
      createRunDir(state, '20260301-030405-x-abcd');
      expect(() => createRunDir(state, '20260301-030405-x-abcd')).toThrow(/exists/);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
