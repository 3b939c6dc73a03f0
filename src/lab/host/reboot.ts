// A lab host's reboot, for real as far as one machine allows: every process in the host's mount
// namespace is stopped (sessions, sshd, etcd, the kubelet), the host gets a new boot_id, then its
// sshd starts again on the same address and key and the enabled units start as at boot. The
// sequence runs in a detached process inside the host's namespaces, so the `reboot` command
// itself returns first, as `systemctl reboot` does before the connection drops.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { labToolScript } from '../tool-path.js';
import type { HostContext } from './host-context.js';

// Seconds between the reboot command and the processes being stopped; tests may shorten it.
export const SHUTDOWN_DELAY_MS = Number(process.env.OPSCTL_LAB_REBOOT_DELAY_MS ?? 500);

// Starts the reboot and returns at once; the detached boot-sim does the rest.
export function scheduleReboot(ctx: HostContext): void {
  const log = openSync(join(ctx.runDir, 'boot.log'), 'a');
  const child = spawn(process.execPath, [labToolScript('boot-sim')], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, OPSCTL_LAB_DIR: ctx.labDir, OPSCTL_LAB_HOST: ctx.host },
    cwd: '/',
  });
  closeSync(log);
  child.unref();
}
