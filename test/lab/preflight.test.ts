// `lab up` without what it needs fails at once, creates nothing, and says how to fix it.
import { execa } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../e2e/cli.js';

describe('opsctl lab up preflight', () => {
  it('refuses to run without root, before touching anything (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'opsctl-lab-pre-'));
    try {
      const dir = join(root, 'lab');
      // The real way to be "not root": drop to nobody.
      const r = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'node', BIN, 'lab', 'up', '--dir', dir], {
        reject: false,
        cwd: ROOT,
        env: { OPSCTL_STATE_DIR: join(root, 'state'), NO_COLOR: '1' },
      });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('the lab needs root');
      expect(r.stderr).toMatch(/^hint: /m);
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a lab dir that is not a lab, and one the hosts would not see', async () => {
    const root = mkdtempSync(join(tmpdir(), 'opsctl-lab-pre-'));
    try {
      const run = (dir: string) => execa('node', [BIN, 'lab', 'up', '--dir', dir], { reject: false, cwd: ROOT, env: { OPSCTL_STATE_DIR: join(root, 'state') } });
      const notLab = await run(ROOT);
      expect(notLab.exitCode).toBe(2);
      expect(notLab.stderr).toContain('is not a lab directory');
      const hidden = await run('/backup/lab');
      expect(hidden.exitCode).toBe(2);
      expect(hidden.stderr).toContain('inside /backup');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
