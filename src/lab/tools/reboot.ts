#!/usr/bin/env node
// `reboot` and `shutdown -r [now|+0]` on a lab host: the host restarts for real as far as the
// lab can (host/reboot.ts: processes stopped, new boot_id, sshd and enabled units started again).
// Halting is not simulated: a lab host always comes back.
import { answerLabInfo, loadHostContext } from '../host/host-context.js';
import { scheduleReboot } from '../host/reboot.js';

const tool = process.env.OPSCTL_LAB_TOOL === 'shutdown' ? 'shutdown' : 'reboot';
const argv = process.argv.slice(2);
answerLabInfo(tool, argv);
const ctx = loadHostContext(tool);
if (tool === 'shutdown' && !argv.some((a) => a === '-r' || a === '--reboot')) {
  process.stderr.write('shutdown (opsctl lab): only reboots are simulated (shutdown -r now); a lab host cannot be powered off\n');
  process.exit(1);
}
if (tool === 'shutdown' && argv.includes('-c')) process.exit(0);
scheduleReboot(ctx);
if (tool === 'shutdown') process.stdout.write(`Reboot scheduled for ${new Date().toUTCString()}, use 'shutdown -c' to cancel.\n`);
