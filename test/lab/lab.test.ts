// `opsctl lab` end to end: one 3-master (+1 worker) OCP 3.11 lab for the whole file, driven with
// the built CLI, the real OpenSSH client and the real etcdctl, torn down and checked at the end.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as rawCli } from '../e2e/cli.js';
import { pgrep } from '../helpers/proc.js';
import { eventually, etcdctl, health, isRunning, labCli, labJson, ssh, type Lab, type LabJson } from './helpers.js';

const lab: Lab = { dir: '', stateDir: '' };
let up: { exitCode: number; stdout: string; stderr: string };
let state: LabJson;
const masters = ['master-0', 'master-1', 'master-2'];
const cli = (args: string[]) => rawCli(args, { stateDir: lab.stateDir });

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'opsctl-lab-'));
  lab.stateDir = join(root, 'state');
  lab.dir = join(root, 'lab');
  up = await labCli(lab, ['up', '--masters', '3', '--workers', '1']);
  if (up.exitCode !== 0) throw new Error(`lab up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
  state = labJson(lab);
}, 60_000);

afterAll(async () => {
  if (lab.dir && existsSync(lab.dir)) await labCli(lab, ['down']);
  if (lab.dir) rmSync(join(lab.dir, '..'), { recursive: true, force: true });
});

describe('opsctl lab up', () => {
  // Speed is measured by `npm run bench`, not here: the bound only catches a start that hangs.
  it('starts a 3-master lab, reports how long it took and says how to use it', () => {
    const seconds = Number(/started in ([\d.]+) s/.exec(up.stdout)?.[1]);
    console.log(`lab up: 3 masters + lb + 1 worker started in ${seconds} s (lab.json startMs ${state.startMs})`);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(50);
    expect(up.stdout).toContain(`ssh -F ${lab.dir}/ssh_config master-0`);
    expect(up.stdout).toContain(`-i ${lab.dir}/inventory.ini`);
    expect(state.hosts.map((h) => h.name)).toEqual([...masters, 'lb-0', 'node-0']);
  });

  it('refuses a second lab in the same dir and points at lab down', async () => {
    const again = await labCli(lab, ['up']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already up');
    expect(again.stderr).toContain('opsctl lab down');
  });

  it("trusts each host's real key through known_hosts, and nothing else", async () => {
    for (const h of state.hosts) {
      const pub = readFileSync(join(lab.dir, 'hosts', h.name, 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
      const name = h.port === 22 ? h.address : `[${h.address}]:${h.port}`;
      expect(readFileSync(join(lab.dir, 'known_hosts'), 'utf8')).toContain(`${name} ${pub}\n`);
    }
    const empty = join(lab.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const r = await execa('ssh', ['-F', join(lab.dir, 'ssh_config'), '-o', `UserKnownHostsFile=${empty}`, 'master-0', 'true'], { reject: false, stdin: 'ignore' });
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toMatch(/Host key verification failed/);
  });
});

describe('lab hosts', () => {
  it('each print their own hostname', async () => {
    const names = await Promise.all(state.hosts.map((h) => ssh(lab, h.name, 'hostname')));
    expect(names.map((r) => r.stdout)).toEqual(state.hosts.map((h) => h.name));
  });

  it('are isolated: a file written on master-1 is not on master-0 nor on the machine', async () => {
    const w = await ssh(lab, 'master-1', 'echo from-master-1 > /etc/origin/lab-isolation-probe && cat /etc/origin/lab-isolation-probe');
    expect(w).toMatchObject({ exitCode: 0, stdout: 'from-master-1' });
    expect((await ssh(lab, 'master-0', 'test -e /etc/origin/lab-isolation-probe')).exitCode).toBe(1);
    expect(existsSync('/etc/origin/lab-isolation-probe')).toBe(false);
    expect(readFileSync(join(lab.dir, 'hosts/master-1/root/etc/origin/lab-isolation-probe'), 'utf8')).toBe('from-master-1\n');
  });

  it('hold what a 3.11 master holds, with the CA bookkeeping on the first master only', async () => {
    const [list, firstCa, m1Serial, m1Ca, ep, extras, worker, cfg] = await Promise.all([
      ssh(lab, 'master-0', 'cd /etc/origin && find . -type f | sort'),
      ssh(lab, 'master-0', 'ls /etc/etcd/ca/ca.crt /etc/etcd/generated_certs'),
      ssh(lab, 'master-1', 'ls /etc/origin/master/ca.serial.txt'),
      ssh(lab, 'master-1', 'ls -d /etc/etcd/ca'),
      ssh(lab, 'master-2', "grep https /etc/origin/node/pods/etcd.yaml | cut -d '/' -f3"),
      ssh(lab, 'master-0', 'ls /etc/sysconfig/iptables /etc/sysconfig/docker-storage-setup /etc/sysconfig/flanneld /etc/dnsmasq.d/origin-dns.conf /etc/cni/net.d /etc/pki/ca-trust/source/anchors/openshift-ca.crt && grep FLANNEL_ETCD_ENDPOINTS /etc/sysconfig/flanneld'),
      ssh(lab, 'node-0', 'test -f /etc/origin/node/node-config.yaml && test ! -e /etc/origin/master/ca.key'),
      ssh(lab, 'lb-0', 'cat /etc/haproxy/haproxy.cfg'),
    ]);
    for (const f of ['master/master-config.yaml', 'master/ca.crt', 'master/ca.key', 'master/ca.serial.txt', 'master/admin.kubeconfig', 'master/serviceaccounts.private.key', 'master/master.etcd-client.crt', 'master/session-secrets.yaml', 'node/node-config.yaml', 'node/pods/apiserver.yaml', 'node/pods/controller.yaml', 'node/pods/etcd.yaml']) {
      expect(list.stdout).toContain(`./${f}\n`);
    }
    expect(firstCa.exitCode).toBe(0);
    expect(m1Serial.exitCode).not.toBe(0);
    expect(m1Ca.exitCode).not.toBe(0);
    expect(ep.stdout).toBe(`${state.hosts[2].address}:2379`);
    expect(extras.exitCode).toBe(0);
    expect(extras.stdout).toContain(`FLANNEL_ETCD_ENDPOINTS=https://${state.hosts[0].address}:2379,`);
    expect(worker.exitCode).toBe(0);
    for (const [i, name] of masters.entries()) expect(cfg.stdout).toContain(`server ${name} ${state.hosts[i].address}:8443 check`);
  });

  it('answer --lab-info from every simulated tool', async () => {
    const tools = ['systemctl', 'master-restart', 'rpm', 'oc', 'kubectl'];
    const r = await ssh(lab, 'master-0', tools.map((t) => `${t} --lab-info`).join('; '));
    for (const t of tools) expect(r.stdout).toMatch(new RegExp(`^${t}: .*opsctl lab tool`, 'm'));
    expect((await ssh(lab, 'lb-0', 'systemctl --lab-info')).stdout).toMatch(/^systemctl: .*opsctl lab tool.* on lb-0/);
  });

  it('list their packages with rpm -qa for the backup runbook', async () => {
    const r = await ssh(lab, 'master-0', 'rpm -qa | sort | grep -c atomic-openshift; rpm -q etcd');
    expect(r.stdout).toMatch(/^[1-9]\d*\netcd-3\.2\.\d+/);
  });
});

describe('lab etcd', () => {
  it('has exactly one healthy member per master', async () => {
    const members = await etcdctl(lab, state.etcd.endpoints, ['member', 'list', '-w', 'json']);
    const names = (JSON.parse(members.stdout).members as Array<{ name: string; clientURLs: string[] }>).map((m) => m.name).sort();
    expect(names).toEqual(masters);
    expect(Object.values(await health(lab))).toEqual([true, true, true]);
  });

  it('serves TLS only and requires a client certificate', async () => {
    const [first] = state.etcd.endpoints;
    const plain = await new Promise<number | string>((resolve) => {
      const req = request(`${first.replace('https:', 'http:')}/health`, { timeout: 2_000 }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', (e) => resolve(e.message));
      req.end();
    });
    expect(plain).not.toBe(200);
    expect((await etcdctl(lab, [first.replace('https:', 'http:')], ['endpoint', 'health'])).exitCode).not.toBe(0);
    expect((await etcdctl(lab, [first], ['get', '/lab/seed/0000'], { cert: false })).exitCode).not.toBe(0);
    const withCert = await etcdctl(lab, [first], ['get', '/lab/seed/0000', '--print-value-only']);
    expect(withCert).toMatchObject({ exitCode: 0, stdout: 'seed value 0' });
  });

  it('holds the seeded keys, as many as lab.json records', async () => {
    const r = await etcdctl(lab, state.etcd.endpoints, ['get', state.etcd.seedPrefix, '--prefix', '--keys-only', '--limit=1', '-w', 'json']);
    expect(state.etcd.seededKeys).toBe(100);
    expect(JSON.parse(r.stdout).count).toBe(state.etcd.seededKeys);
  });

  it('stops a member for real with systemctl stop etcd on its host, and starts it again', async () => {
    const m2 = state.etcd.endpoints[2];
    const pidFile = join(lab.dir, 'hosts/master-2/root/run-lab/etcd.pid');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(isRunning(pid)).toBe(true);
    expect(await ssh(lab, 'master-2', 'systemctl stop etcd')).toMatchObject({ exitCode: 0, stderr: '' });
    expect(isRunning(pid)).toBe(false);
    expect(await ssh(lab, 'master-2', 'systemctl is-active etcd')).toMatchObject({ exitCode: 3, stdout: 'inactive' });
    const down = await health(lab);
    expect(down[m2]).toBe(false);
    expect(down[state.etcd.endpoints[0]]).toBe(true);
    const status = await labCli(lab, ['status']);
    expect(status.exitCode).toBe(5);
    expect(status.stdout).toMatch(/master-2 .*DOWN/);

    expect(await ssh(lab, 'master-2', 'systemctl start etcd')).toMatchObject({ exitCode: 0, stderr: '' });
    const back = await eventually(() => health(lab), (h) => h[m2] === true);
    expect(back[m2]).toBe(true);
    const st = await ssh(lab, 'master-2', 'systemctl status etcd');
    expect(st.exitCode).toBe(0);
    expect(st.stdout).toMatch(/Active: active \(running\)/);
  });

  it('restarts a member with master-restart etcd, and only records api/controllers restarts', async () => {
    const pidFile = join(lab.dir, 'hosts/master-1/root/run-lab/etcd.pid');
    const before = readFileSync(pidFile, 'utf8');
    const r = await ssh(lab, 'master-1', 'master-restart etcd && master-restart api && master-restart controllers');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Stopping container [0-9a-f]{12}\n2\n/);
    expect(readFileSync(pidFile, 'utf8')).not.toBe(before);
    expect(readFileSync(join(lab.dir, 'hosts/master-1/root/run-lab/master-restarts.log'), 'utf8')).toMatch(/ etcd .*\n.* api .*\n.* controllers /);
    expect(Object.values(await eventually(() => health(lab), (h) => Object.values(h).every(Boolean)))).toEqual([true, true, true]);
  });
});

describe('lab load balancer', () => {
  it('validates haproxy.cfg with the real haproxy -c on systemctl restart haproxy', async () => {
    expect((await ssh(lab, 'lb-0', 'systemctl restart haproxy && systemctl is-active haproxy')).stdout).toBe('active');
    const broken = await ssh(lab, 'lb-0', "cp /etc/haproxy/haproxy.cfg /backup/haproxy.cfg.ok && printf 'backend broken\\n    server only-a-name\\n' >> /etc/haproxy/haproxy.cfg && systemctl restart haproxy");
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain('Job for haproxy.service failed because the control process exited with error code.');
    const status = await ssh(lab, 'lb-0', 'systemctl status haproxy');
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(/Active: failed/);
    expect(status.stdout).toMatch(/\[ALERT\].*haproxy\.cfg/);
    const fixed = await ssh(lab, 'lb-0', 'cp /backup/haproxy.cfg.ok /etc/haproxy/haproxy.cfg && systemctl restart haproxy && systemctl is-active haproxy');
    expect(fixed).toMatchObject({ exitCode: 0, stdout: 'active' });
  });
});

describe('opsctl lab status', () => {
  it('shows every host with sshd, its SSH banner and etcd health', async () => {
    const r = await labCli(lab, ['status']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('healthy');
    for (const h of state.hosts) expect(r.stdout).toMatch(new RegExp(`${h.name} +${h.role} +${h.address.replace(/\./g, '\\.')}:${h.port} +up \\(pid ${h.sshd.pid}\\) +yes`));
    const json = await cli(['--output', 'json', 'lab', 'status', '--dir', lab.dir]);
    const s = JSON.parse(json.stdout);
    expect(s.healthy).toBe(true);
    expect(s.members.map((m: { name: string }) => m.name).sort()).toEqual(masters);
    expect(s.hosts.find((h: { name: string }) => h.name === 'master-0').banner).toMatch(/^SSH-2\.0-OpenSSH/);
  });
});

describe('opsctl lab down', () => {
  it('stops every process and leaves no mount behind, and can run again', async () => {
    const pids = [
      ...state.hosts.flatMap((h) => [h.sshd.pid, h.unshare.pid]),
      ...masters.map((m) => join(lab.dir, 'hosts', m, 'root/run-lab/etcd.pid')).filter(existsSync).map((f) => Number(readFileSync(f, 'utf8'))),
      ...pgrep(lab.dir),
    ];
    expect(pids.filter(isRunning).length).toBeGreaterThanOrEqual(state.hosts.length * 2 + masters.length);
    // A process that starts another as it is stopped (a supervisor, a kubelet restarting its
    // static pod): the new one is stopped too, and down still succeeds.
    const mark = `respawned-by-trap-${process.pid}-${Date.now()}`;
    const supervisor = [
      `printf '%s\\n' 'trap "sh -c \\"sleep 300; : ${mark}\\" & exit 0" TERM' 'while :; do sleep 1; done' > /etc/origin/lab-supervisor.sh`,
      'nohup sh /etc/origin/lab-supervisor.sh >/dev/null 2>&1 </dev/null &',
    ].join('\n');
    expect((await ssh(lab, masters[1], supervisor)).exitCode).toBe(0);
    // Down must also cope with a lab that is partly dead already.
    process.kill(state.hosts[0].sshd.pid, 'SIGKILL');
    const down = await labCli(lab, ['down']);
    expect(down.stderr).toBe('');
    expect(down.exitCode).toBe(0);
    expect(pgrep(mark)).toEqual([]);
    expect(pids.filter(isRunning)).toEqual([]);
    expect(pgrep(lab.dir)).toEqual([]);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(lab.dir);
    expect(mountsMentioning(lab.dir)).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
    // Mount points the lab created are gone, unless another lab (a parallel test) mounts there.
    const others = mountsMentioning('/');
    for (const p of state.mountPointsCreated) expect(existsSync(p) && !others.some((m) => m.endsWith(` ${p}`))).toBe(false);
    const again = await labCli(lab, ['down']);
    expect(again).toMatchObject({ exitCode: 0 });
    expect(again.stdout).toContain('no lab');
  });
});

// Every mount, in every process's namespace, whose source or target mentions `text`.
function mountsMentioning(text: string): string[] {
  const found = new Set<string>();
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      for (const line of readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n')) {
        const f = line.split(' ');
        if (f[3]?.includes(text) || f[4]?.includes(text)) found.add(`${f[3]} ${f[4]}`);
      }
    } catch {
      // Gone while we looked.
    }
  }
  return [...found];
}
