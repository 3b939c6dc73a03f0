import { describe, expect, it } from 'vitest';
import { runbookSchema } from '../../src/runbook/schema.js';

describe('runbook schema', () => {
  it('adds the kind discriminator from the kind key and normalises durations to ms', () => {
    const r = runbookSchema.parse({
      apiVersion: 'opsctl/v1',
      kind: 'Runbook',
      metadata: { name: 'x' },
      steps: [{ id: 'a', run: 'true', timeout: '1m30s' }, { id: 'w', wait: { run: 'true', interval: 2 } }],
    });
    expect(r.steps[0]).toMatchObject({ kind: 'run', timeout: 90_000 });
    expect(r.steps[1]).toMatchObject({ kind: 'wait', wait: { interval: 2000, timeout: 300_000, until: 'exitCode == 0' } });
  });
});
