import { defineConfig } from 'vitest/config';
import { LongFirstSequencer } from './test/long-first-sequencer.js';

// Tests spawn real processes (sh, the built CLI, sshd, etcd), so they get generous timeouts and
// run in forked workers; speed is measured by `npm run bench`, never by tests.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most of a test's time is spent waiting on real processes (sshd, etcd, the lab), not on a
    // core: vitest's default of cores − 1 workers (1 on a 2-core CI machine) ran the suite serially.
    maxWorkers: 3,
    minWorkers: 1,
    sequence: { sequencer: LongFirstSequencer },
    // Temp dirs made with tempDir() are removed when their file ends.
    setupFiles: ['test/setup/remove-temp-dirs.ts'],
  },
});
