// Simulated `systemctl` on lab hosts (there is no systemd): etcd really starts and stops, haproxy
// is validated with the real `haproxy -c`, other units keep their state in a file. Prints what
// systemctl prints for these verbs and exits with its codes (3 inactive, 4/5 no such unit).
import { answerLabInfo, loadHostContext, type HostContext } from '../host/host-context.js';
import { journalTail } from '../host/journal.js';
import { enabledMessage, jobFailed, notFound, renderStatus, type Dialect } from '../host/systemd-text.js';
import { findUnit, saveUnitRecord, unitRecord, type Unit } from '../host/units.js';
import { activeState, reloadUnit, restartUnit, startUnit, stopUnit } from '../host/unit-control.js';
import { etcdLaunch } from '../host/etcd-member.js';
import { scheduleReboot } from '../host/reboot.js';

const argv = process.argv.slice(2);
answerLabInfo('systemctl', argv);
const ctx = loadHostContext('systemctl');
const dialect: Dialect = ctx.flavor === 'ocp311' ? 'rhel7' : 'modern';
const quiet = argv.includes('-q') || argv.includes('--quiet');
const now = argv.includes('--now');
const words = argv.filter((a) => !a.startsWith('-'));
const [verb, ...names] = words;
const out = (s: string) => quiet || process.stdout.write(s);
const err = (s: string) => process.stderr.write(s);

async function main(): Promise<number> {
  if (!verb) return (err('systemctl (opsctl lab): which operation? start|stop|restart|reload|status|is-active|is-enabled|enable|disable|daemon-reload\n'), 1);
  if (verb === 'daemon-reload') return 0;
  if (verb === 'reboot') return (scheduleReboot(ctx), 0);
  if (names.length === 0) return (err('Too few arguments.\n'), 1);
  switch (verb) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
    case 'try-restart':
    case 'reload-or-restart':
      return changeEach(verb);
    case 'status':
      return await statusEach();
    case 'is-active':
    case 'is-failed':
      return isState(verb);
    case 'is-enabled':
      return isEnabled();
    case 'enable':
    case 'disable':
      return setEnabled(verb === 'enable');
    case 'reset-failed':
      for (const u of known(names)) if (unitRecord(ctx, u.name).wanted === 'failed') saveUnitRecord(ctx, u.name, { wanted: 'stopped' });
      return 0;
    default:
      return (err(`Unknown operation '${verb}'.\n`), 1);
  }
}

function known(list: string[]): Unit[] {
  return list.map((n) => findUnit(ctx, n)).filter((u): u is Unit => u !== undefined);
}

async function changeEach(action: string): Promise<number> {
  let code = 0;
  for (const name of names) {
    const unit = findUnit(ctx, name);
    if (!unit) {
      err(notFound(action === 'stop' ? 'stop' : action, name.replace(/\.service$/, '')));
      code = 5;
      continue;
    }
    if (action === 'stop') {
      await stopUnit(ctx, unit);
      continue;
    }
    if (action === 'try-restart' && activeState(ctx, unit).state !== 'active') continue;
    const outcome = action === 'start' ? await startUnit(ctx, unit) : action === 'reload' ? reloadUnit(ctx, unit) : await restartUnit(ctx, unit);
    if (!outcome.ok) {
      err(action === 'reload' ? `Job for ${unit.name}.service failed.\nSee "systemctl status ${unit.name}.service" and "journalctl -xe" for details.\n` : jobFailed(dialect, unit.name));
      code = 1;
    }
  }
  return code;
}

async function statusEach(): Promise<number> {
  let code = 0;
  for (const [i, name] of names.entries()) {
    const unit = findUnit(ctx, name);
    if (!unit) {
      err(`Unit ${name.replace(/\.service$/, '')}.service could not be found.\n`);
      code = Math.max(code, 4);
      continue;
    }
    const { state, pid } = activeState(ctx, unit);
    const rec = unitRecord(ctx, unit.name);
    if (i > 0) out('\n');
    out(renderStatus(dialect, { unit, active: state, enabled: rec.enabled, since: rec.since, pid, command: await commandLine(unit, ctx), journal: journalTail(ctx, unit.name) }));
    if (state !== 'active') code = Math.max(code, 3);
  }
  return code;
}

async function commandLine(unit: Unit, c: HostContext): Promise<string | undefined> {
  if (unit.kind !== 'etcd') return undefined;
  const launch = await etcdLaunch(c);
  return launch?.ok ? [launch.spec.command, ...launch.spec.args].join(' ') : '/usr/bin/etcd';
}

// is-active: 0 if any listed unit is active; is-failed: 0 if any is failed.
function isState(which: 'is-active' | 'is-failed'): number {
  let any = false;
  for (const name of names) {
    const unit = findUnit(ctx, name);
    const state = unit ? activeState(ctx, unit).state : 'inactive';
    out(`${state}\n`);
    if ((which === 'is-active' && state === 'active') || (which === 'is-failed' && state === 'failed')) any = true;
  }
  return any ? 0 : which === 'is-active' ? 3 : 1;
}

function isEnabled(): number {
  let any = false;
  for (const name of names) {
    const unit = findUnit(ctx, name);
    if (!unit) {
      err(`Failed to get unit file state for ${name.replace(/\.service$/, '')}.service: No such file or directory\n`);
      continue;
    }
    const enabled = unitRecord(ctx, unit.name).enabled;
    out(`${enabled ? 'enabled' : 'disabled'}\n`);
    any ||= enabled;
  }
  return any ? 0 : 1;
}

async function setEnabled(enable: boolean): Promise<number> {
  let code = 0;
  for (const name of names) {
    const unit = findUnit(ctx, name);
    if (!unit) {
      err(`Failed to ${enable ? 'enable' : 'disable'} unit: Unit file ${name.replace(/\.service$/, '')}.service does not exist.\n`);
      code = 1;
      continue;
    }
    if (unitRecord(ctx, unit.name).enabled !== enable) {
      saveUnitRecord(ctx, unit.name, { enabled: enable });
      err(enabledMessage(dialect, unit, enable));
    }
    if (now) {
      if (enable && !(await startUnit(ctx, unit)).ok) code = 1;
      if (!enable) await stopUnit(ctx, unit);
    }
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    err(`systemctl (opsctl lab): ${(e as Error).message}\n`);
    process.exit(1);
  },
);
