import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/edit/diff.js';
import { addressHost, listServers, removeServer } from '../../src/edit/haproxy.js';
import { crlf, expectIdempotent, fixture } from './helpers.js';

const cfg = fixture('haproxy.cfg');
const drop = (text: string, ...lines: string[]) => lines.reduce((t, l) => t.replace(`${l}\n`, ''), text);
const MASTER2_API = '    server      master2 10.0.0.12:8443 check';
const MASTER2_MGMT = '    server master-2.example.com 10.0.0.12:8443 check';

describe('listServers', () => {
  it('lists the server lines of backend and listen sections', () => {
    expect(listServers(cfg).map((s) => `${s.section}|${s.name}|${s.address}|${s.line}`)).toEqual([
      'backend atomic-openshift-api|master0|10.0.0.10:8443|52',
      'backend atomic-openshift-api|master1|10.0.0.11:8443|53',
      'backend atomic-openshift-api|master2|10.0.0.12:8443|54',
      'backend mgmt8443|master-0.example.com|10.0.0.10:8443|65',
      'backend mgmt8443|master-1.example.com|10.0.0.11:8443|66',
      'backend mgmt8443|master-2.example.com|10.0.0.12:8443|67',
    ]);
  });
});

describe('removeServer (OCP 3.11 5.2.1.3 step 2)', () => {
  it('removes a server by name from the backend that has it', () => {
    const r = removeServer(cfg, 'master-2.example.com');
    expect(r.text).toBe(drop(cfg, MASTER2_MGMT));
    expect(r.notes).toEqual(['removed server master-2.example.com (10.0.0.12:8443) from backend mgmt8443 (line 67)']);
    expect(unifiedDiff(cfg, r.text, { oldLabel: 'lb-0:/etc/haproxy/haproxy.cfg', newLabel: 'lb-0:/etc/haproxy/haproxy.cfg' })).toBe(
      [
        '--- lb-0:/etc/haproxy/haproxy.cfg',
        '+++ lb-0:/etc/haproxy/haproxy.cfg',
        '@@ -64,4 +64,3 @@',
        '     # MASTERS 8443',
        '     server master-0.example.com 10.0.0.10:8443 check',
        '     server master-1.example.com 10.0.0.11:8443 check',
        `-${MASTER2_MGMT}`,
        '',
      ].join('\n'),
    );
  });

  it('removes a server by address from every backend, and is idempotent', () => {
    const r = removeServer(cfg, '10.0.0.12');
    expect(r.text).toBe(drop(cfg, MASTER2_API, MASTER2_MGMT));
    expect(r.notes).toEqual([
      'removed server master2 (10.0.0.12:8443) from backend atomic-openshift-api (line 54)',
      'removed server master-2.example.com (10.0.0.12:8443) from backend mgmt8443 (line 67)',
    ]);
    const notes = expectIdempotent((t) => removeServer(t, '10.0.0.12'), r);
    expect(notes).toEqual(['no server named or at "10.0.0.12" in any backend or listen section; unchanged']);
  });

  it('keeps CRLF and leaves comments, frontends and other servers alone', () => {
    expect(removeServer(crlf(cfg), 'master2').text).toBe(crlf(drop(cfg, MASTER2_API)));
    const text = 'frontend f\n    server master2 1.1.1.1:1\n# server master2 x\nbackend b\n    #server master2 1.1.1.1:1\n    server master20 1.1.1.2:1\n';
    expect(removeServer(text, 'master2').changed).toBe(false);
  });

  it('handles a listen section and warns when a backend is left without servers', () => {
    const text = 'listen api\n  bind :6443\n  server cp-1 ipv4@10.0.1.11:6443 check\nbackend one\n  server cp-1 10.0.1.11:6443\n';
    const r = removeServer(text, '10.0.1.11');
    expect(r.text).toBe('listen api\n  bind :6443\nbackend one\n');
    expect(r.notes).toEqual([
      'removed server cp-1 (ipv4@10.0.1.11:6443) from listen api (line 3)',
      'removed server cp-1 (10.0.1.11:6443) from backend one (line 5)',
      'warning: listen api has no servers left',
      'warning: backend one has no servers left',
    ]);
  });
});

describe('addressHost', () => {
  it.each([
    ['10.0.0.10:8443', '10.0.0.10'],
    ['master-0.example.com:8443', 'master-0.example.com'],
    ['ipv4@10.0.0.1:80', '10.0.0.1'],
    ['[fd00::1]:8443', 'fd00::1'],
    ['fd00::1', 'fd00::1'],
    ['master-0', 'master-0'],
  ])('%s → %s', (address, host) => expect(addressHost(address)).toBe(host));
});
