// Runs a command inside a started lab host's namespaces (nsenter on its sshd), the way a session
// on that host would: same files at the real paths, same hostname.
import { execa } from 'execa';

export async function runOnHost(sshdPid: number, env: Record<string, string>, command: string, args: string[]) {
  return execa('nsenter', ['-t', String(sshdPid), '-m', '-u', '--', command, ...args], { reject: false, env, stdin: 'ignore' });
}
