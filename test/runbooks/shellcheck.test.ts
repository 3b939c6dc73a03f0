// Every runbook shipped or used as an example passes the quoting rule (`validate` clean) and
// ShellCheck (POSIX sh) over all its commands — found by listing the directories, so runbooks
// added later are covered without touching this test. A synthetic quoting slip proves the lint
// reports at the runbook's own line:col.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { parseRunbook } from '../../src/runbook/load.js';
import { lintRunbook } from './shell-lint.js';
import { tempDir } from '../e2e/cli.js';

const ROOT = join(import.meta.dirname, '../..');
const DIRS = ['runbooks', 'examples', 'fixtures/runbooks'];
const FILES = DIRS.flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(d, f)));

describe('built-in runbooks', () => {
  it('are found in every directory', () => {
    expect(FILES.filter((f) => f.startsWith('runbooks/')).length).toBeGreaterThanOrEqual(9);
  });

  it.each(FILES)('%s passes the quoting rule and ShellCheck', (file) => {
    const { diagnostics } = parseRunbook(readFileSync(join(ROOT, file), 'utf8'), file);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    const findings = lintRunbook(join(ROOT, file)).map((f) => `${f.where.replace(`${ROOT}/`, '')} ${f.code} ${f.message}`);
    expect(findings).toEqual([]);
  });
});

describe('the lint itself', () => {
  it('reports a quoting slip at its line and column in the runbook', () => {
    const file = join(tempDir('opsctl-lint-'), 'slip.yaml');
    writeFileSync(file, [
      'apiVersion: opsctl/v1',
      'kind: Runbook',
      'metadata: { name: slip }',
      'params: { dir: { default: /backup } }',
      'steps:',
      '  - id: clean',
      '    run: |',
      '      d={{ params.dir }}',
      '      rm -rf $d/old "{{ params.dir }}"/x',
      '',
    ].join('\n'));
    expect(lintRunbook(file).map((f) => `${f.where.replace(/^.*slip\.yaml/, 'slip.yaml')} ${f.code}`)).toEqual(['slip.yaml:9:14 steps[0].run SC2086']);
  });
});
