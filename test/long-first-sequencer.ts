// Vitest's order on a fresh clone (no timing cache, as in CI) is the glob's: the few files that
// take minutes — labs killed and resumed — could start last and run alone at the end. They start
// first, longest first, so the short files fill the other workers around them.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  'test/rehearse/lab.test.ts',
  'test/runbooks/hosted-cluster-dr.test.ts',
  'test/runbooks/kubeadm-upgrade.test.ts',
  'test/e2e/install.test.ts',
  'test/e2e/host-records.test.ts',
  'test/runbooks/etcd-restore.test.ts',
  'test/runbooks/etcd-recover-single.test.ts',
  'test/transport/runner.test.ts',
];

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
