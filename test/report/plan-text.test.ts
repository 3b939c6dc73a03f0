import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../src/report/plan-text.js';
import { planSteps } from './helpers.js';

const header = { runbook: 'master-decommission', runId: 'r-7', params: { host: 'master-2', compress: false, awsSecret: '***' } };

describe('renderPlanText', () => {
  it('shows every step with its command, rule, diff, gate, guards, when and undo', () => {
    expect(renderPlanText(planSteps, header)).toBe(
      [
        'Plan: master-decommission  (run r-7)',
        'params:',
        '  host       master-2',
        '  compress   false',
        '  awsSecret  ***',
        '',
        '── phase: master-decommission',
        '  1. health  assert @ master-0  (read-only)',
        '     etcdctl endpoint health',
        '  2. confirm-remove  confirm @ local',
        '     ⚠ CONFIRM: Remove member master-2 from the etcd cluster?',
        '',
        '── phase: master-backup (included from master-decommission)',
        '  3. copy-origin (Copy origin config)  run @ master-2',
        "     cat > /tmp/x <<'EOF'",
        '     line two',
        '     EOF',
        '     guard: creates /backup/etc',
        '     undo: rm -rf /backup/etc',
        '     – skip compress @ master-2: when params.compress is false',
        '',
        '── phase: master-decommission',
        '  ∥ pool of 2: lb-0, lb-1',
        '  4. haproxy  edit @ lb-0',
        '     rule: remove lines matching ^\\s*server\\s+master-2\\b',
        '     --- a/etc/haproxy/haproxy.cfg',
        '     +++ b/etc/haproxy/haproxy.cfg',
        '     @@ -3,2 +3,1 @@',
        '        server master-1 10.0.0.2:6443',
        '     -  server master-2 10.0.0.3:6443',
        '  5. haproxy  edit @ lb-1',
        '     rule: set ETCD_X=1',
        '     +ETCD_X=1',
        '  6. member-remove  run @ master-0',
        '     when: captures.memberId != ""  (decided at run time)',
        '     etcdctl member remove <captures.memberId>',
        '  7. cleanup  run @ local  (always runs)',
        '     rm -f /tmp/x',
        '',
        '7 steps on 5 hosts, 5 mutating, 1 gate, 1 skipped',
        '',
      ].join('\n'),
    );
  });

  it('paints diff lines and the gate through the optional paint', () => {
    const text = renderPlanText(planSteps, header, {
      added: (s) => `<add>${s}</add>`,
      removed: (s) => `<del>${s}</del>`,
      gate: (s) => `<gate>${s}</gate>`,
    });
    expect(text).toContain('<del>-  server master-2 10.0.0.3:6443</del>');
    expect(text).toContain('<add>+ETCD_X=1</add>');
    expect(text).toContain('<gate>     ⚠ CONFIRM: Remove member');
    expect(text).not.toContain('<add>+++');
  });

  it('escapes control characters coming from files and commands', () => {
    const step = { ...planSteps[0], command: 'echo \x1b]0;x\x07', diff: '+\x1b[2Jevil' };
    const text = renderPlanText([step], { runbook: 'x' });
    expect(text).toContain('echo \\x1b]0;x\\x07');
    expect(text).toContain('+\\x1b[2Jevil');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('1 step on 1 host, 0 mutating, 0 gates');
  });
});
