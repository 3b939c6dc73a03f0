import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { replayJournal } from '../../src/state/replay.js';
import { entry } from './helpers.js';

const runStart = () =>
  entry({ type: 'run.start', runId: 'r1', runbook: 'rb', runbookDigest: 'd1', planDigest: 'p1', params: { host: 'm0' }, mode: 'run', pid: 10, hostname: 'h' });
const begin = (key: string, attempt = 1) => entry({ type: 'step.start', key, stepId: key, host: 'm0', attempt });
const end = (key: string, status: 'ok' | 'changed' | 'failed' | 'skipped', captures: Record<string, string> = {}) =>
  entry({ type: 'step.end', key, stepId: key, host: 'm0', status, exitCode: status === 'failed' ? 1 : 0, durationMs: 5, attempt: 1, captures });

describe('replayJournal', () => {
  it('maps step outcomes to states', () => {
    const s = replayJournal([
      runStart(),
      begin('a'), end('a', 'ok', { x: '1' }),
      begin('b'), end('b', 'changed'),
      end('c', 'skipped'),
      begin('d'), end('d', 'failed'),
      begin('e'),
    ]);
    expect(Object.fromEntries([...s.steps].map(([k, r]) => [k, r.state]))).toEqual({
      a: 'done', b: 'done', c: 'skipped', d: 'failed', e: 'unknown',
    });
    expect(s.steps.get('a')).toMatchObject({ status: 'ok', attempts: 1, captures: { x: '1' }, exitCode: 0 });
    expect(s.steps.get('c')?.attempts).toBe(0);
    expect(s.status).toBe('running');
    expect(s).toMatchObject({ runId: 'r1', runbook: 'rb', runbookDigest: 'd1', planDigest: 'p1', pid: 10, hostname: 'h' });
  });

  it('keeps what resume needs to settle a step: its host record, an unknown end, a command that succeeded before its capture failed, a mark', () => {
    const s = replayJournal([
      runStart(),
      entry({ type: 'step.start', key: 'a', stepId: 'a', host: 'm0', attempt: 1, rec: '3-0a1b2c3d' }),
      entry({ type: 'step.end', key: 'a', stepId: 'a', host: 'm0', status: 'failed', exitCode: null, durationMs: 5, attempt: 1, captures: {}, unknown: true }),
      begin('b'),
      entry({ type: 'step.end', key: 'b', stepId: 'b', host: 'm0', status: 'failed', exitCode: 0, durationMs: 5, attempt: 1, captures: {}, reason: 'capture failed', commandOk: true }),
      begin('c'),
      entry({ type: 'step.mark', key: 'c', stepId: 'c', host: 'm0', state: 'done', reason: 'checked by hand', user: 'root' }),
      entry({ type: 'step.start', key: 'd', stepId: 'd', host: 'm0', attempt: 1, rec: '4-ffffffff' }),
      entry({ type: 'step.end', key: 'd', stepId: 'd', host: 'm0', status: 'changed', exitCode: 0, durationMs: 5, attempt: 1, captures: { x: '1' }, recovered: true }),
    ]);
    expect(s.steps.get('a')).toMatchObject({ state: 'unknown', rec: '3-0a1b2c3d' });
    expect(s.steps.get('b')).toMatchObject({ state: 'failed', commandOk: true, exitCode: 0 });
    expect(s.steps.get('c')).toMatchObject({ state: 'done', marked: { state: 'done', reason: 'checked by hand', user: 'root' }, captures: {} });
    expect(s.steps.get('d')).toMatchObject({ state: 'done', recovered: true, captures: { x: '1' } });
    expect(s.captures).toEqual({ x: '1' });
  });

  it('marks a done step undone when its undo succeeded, but not when the undo failed', () => {
    const s = replayJournal([
      runStart(),
      begin('a'), end('a', 'ok', { x: 'a' }),
      begin('b'), end('b', 'ok', { y: 'b' }),
      entry({ type: 'step.undo', key: 'a', stepId: 'a', host: 'm0', status: 'ok', exitCode: 0 }),
      entry({ type: 'step.undo', key: 'b', stepId: 'b', host: 'm0', status: 'failed', exitCode: 1 }),
    ]);
    expect(s.steps.get('a')).toMatchObject({ state: 'undone', undo: 'ok' });
    expect(s.steps.get('b')).toMatchObject({ state: 'done', undo: 'failed' });
    expect(s.captures).toEqual({ y: 'b' });
  });

  it('takes the status and failed step from run.end', () => {
    const s = replayJournal([runStart(), begin('a'), end('a', 'failed'), entry({ type: 'run.end', status: 'failed', exitCode: 1, failedStep: 'a' })]);
    expect(s).toMatchObject({ status: 'failed', failedStep: 'a', exitCode: 1 });
    expect(s.ended).toBeDefined();
  });

  it('lets later segments override earlier ones for the same key', () => {
    const s = replayJournal([
      runStart(),
      begin('a'), end('a', 'ok', { v: 'a' }),
      begin('b'), end('b', 'failed'),
      begin('c'),
      entry({ type: 'run.end', status: 'interrupted', exitCode: 130, failedStep: 'b' }),
      entry({ type: 'run.resume', pid: 11, hostname: 'h2', retryUnknown: true }),
      begin('b'), end('b', 'changed', { v: 'b' }),
      begin('c'), end('c', 'ok'),
    ]);
    expect(s.status).toBe('running');
    expect(s.ended).toBeUndefined();
    expect(s.failedStep).toBeUndefined();
    expect(s).toMatchObject({ pid: 11, hostname: 'h2', resumes: 1 });
    expect(s.steps.get('b')).toMatchObject({ state: 'done', attempts: 2, status: 'changed' });
    expect(s.steps.get('c')).toMatchObject({ state: 'done', attempts: 2 });
    expect(s.captures).toEqual({ v: 'b' });
  });

  it('forgets a step’s result while a new attempt is in flight', () => {
    const s = replayJournal([runStart(), begin('a'), end('a', 'ok', { v: '1' }), entry({ type: 'run.resume', pid: 12, hostname: 'h' }), begin('a', 1)]);
    expect(s.steps.get('a')).toMatchObject({ state: 'unknown', captures: {}, exitCode: null });
    expect(s.captures).toEqual({});
  });

  it('merges captures in completion order, later wins', () => {
    const s = replayJournal([runStart(), begin('a'), end('a', 'ok', { k: 'a', only: 'a' }), begin('b'), end('b', 'ok', { k: 'b' })]);
    expect(s.captures).toEqual({ k: 'b', only: 'a' });
  });

  it('rejects a journal that does not start with run.start', () => {
    expect(() => replayJournal([begin('a')])).toThrow(InputError);
    expect(() => replayJournal([])).toThrow(InputError);
    expect(() => replayJournal([runStart(), runStart()])).toThrow(/second run.start/);
  });
});
