#!/usr/bin/env node
// The body of a lab host's reboot (started by host/reboot.ts inside the host's namespaces):
// shut down (the node goes NotReady, every process of the host is stopped), boot (new boot_id,
// sshd listening again — recorded in lab.json —, enabled units started: the kubelet makes the
// node Ready again, etcd rejoins on a master).
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadHostContext } from '../host/host-context.js';
import { SHUTDOWN_DELAY_MS } from '../host/reboot.js';
import { saveUnitRecord, unitsOf, unitRecord } from '../host/units.js';
import { startUnit } from '../host/unit-control.js';
import { onKubeletStop } from '../kube/controllers/kubelet-hooks.js';
import { mountNamespaceOf, pidsInMountNamespace, processRef, readPidFile, isRunning } from '../procfs.js';
import { terminate } from '../terminate.js';
import { hostBootIdFile } from '../layout.js';
import { sshdCommand, sshdLogFile, sshdPidFile } from '../sshd.js';
import { readLabState, writeLabState } from '../lab-state.js';
import { withLock } from '../kube/store/lock.js';

const ctx = loadHostContext('reboot');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${ctx.host}: ${line}\n`);

async function shutDown(): Promise<void> {
  await sleep(SHUTDOWN_DELAY_MS);
  log('reboot: stopping every process of the host');
  if (ctx.flavor === 'kubeadm') onKubeletStop(ctx.labDir, ctx.host);
  // Nothing survives a reboot: every unit is down until boot starts the enabled ones.
  for (const unit of unitsOf(ctx)) saveUnitRecord(ctx, unit.name, { wanted: 'stopped' });
  const ns = mountNamespaceOf(process.pid);
  if (!ns) throw new Error('cannot read this process\'s mount namespace');
  const left = await terminate(pidsInMountNamespace(ns), 3_000);
  if (left.length) log(`still running after KILL: ${left.join(', ')}`);
}

// sshd exactly as the lab started it, then its pid in lab.json (lab status and down read it).
async function startSshd(): Promise<void> {
  const out = openSync(sshdLogFile(ctx.labDir, ctx.host), 'a');
  spawn('sh', ['-c', `exec ${sshdCommand(ctx.labDir, ctx.host, '/usr/sbin/sshd')}`], { detached: true, stdio: ['ignore', out, out], cwd: '/' }).unref();
  closeSync(out);
  const end = Date.now() + 10_000;
  let pid: number | undefined;
  while (Date.now() < end && !(pid && isRunning(pid))) {
    await sleep(20);
    pid = readPidFile(sshdPidFile(ctx.labDir, ctx.host));
  }
  const ref = pid ? processRef(pid) : undefined;
  if (!ref) throw new Error('sshd did not start again within 10 s');
  withLock(join(ctx.labDir, '.lab.json.lock'), () => {
    const state = readLabState(ctx.labDir);
    const entry = state?.hosts.find((h) => h.name === ctx.host);
    if (!state || !entry) return;
    entry.sshd = ref;
    writeLabState(state);
  });
  log(`sshd listening again (pid ${ref.pid})`);
}

async function boot(): Promise<void> {
  // In place: the file is bind-mounted over /proc/sys/kernel/random/boot_id (a rename would not show).
  writeFileSync(hostBootIdFile(ctx.labDir, ctx.host), `${randomUUID()}\n`);
  await sleep(300);
  await startSshd();
  for (const unit of unitsOf(ctx)) {
    const rec = unitRecord(ctx, unit.name);
    if (!rec.enabled || unit.kind === 'haproxy') continue;
    const r = await startUnit(ctx, unit);
    log(`start ${unit.name}: ${r.ok ? 'ok' : r.log.join(' ')}`);
  }
}

(async () => {
  await shutDown();
  await boot();
  log('reboot: up');
  process.exit(0);
})().catch((e) => {
  log(`reboot failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
