import { describe, expect, it } from 'vitest';
import { JsonReporter } from '../../src/report/json.js';
import type { RunEvent } from '../../src/engine/events.js';
import { planSteps, runEnd, runEvents, runStart, sink } from './helpers.js';

const fixed = () => new Date('2024-05-01T03:00:00.000Z');

function feed(events: RunEvent[], verbose: boolean) {
  const out = sink();
  const err = sink();
  const reporter = new JsonReporter({ out: out.stream, err: err.stream, verbose, now: fixed });
  for (const e of events) reporter.emit(e);
  reporter.close();
  return { out, err };
}

describe('JsonReporter', () => {
  it('writes one object per event with exactly the event fields plus ts', () => {
    const { out } = feed(runEvents, true);
    const lines = out.text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(runEvents.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(parsed).sort()).toEqual([...Object.keys(runEvents[i]), 'ts'].sort());
      expect(parsed).toEqual({ ...runEvents[i], ts: '2024-05-01T03:00:00.000Z' });
    });
  });

  it('leaves out step.output unless verbose and puts messages on stderr as text', () => {
    const { out, err } = feed(runEvents, false);
    const types = out.lines().map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).not.toContain('step.output');
    expect(types.filter((t) => t === 'message')).toHaveLength(2);
    expect(err.text()).toBe('warning: etcd is slow\nhint: check disk latency\nerror: snapshot failed\n');
  });

  it('emits a plan as plan.step lines then run.end planned', () => {
    const { out } = feed([runStart, ...planSteps, runEnd('planned')], false);
    const parsed = out.lines().map((l) => JSON.parse(l) as { type: string; status?: string });
    expect(parsed.filter((p) => p.type === 'plan.step')).toHaveLength(planSteps.length);
    expect(parsed.at(-1)).toMatchObject({ type: 'run.end', status: 'planned' });
  });

  it('never writes a raw control character, C1 included', () => {
    const { out } = feed([{ type: 'message', level: 'info', text: 'a\x1b[2J\x9b31m\u2028b' }], false);
    expect(out.text().slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028]/);
    expect((JSON.parse(out.text()) as { text: string }).text).toBe('a\x1b[2J\x9b31m\u2028b');
  });
});
