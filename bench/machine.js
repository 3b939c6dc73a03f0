// Describes the machine a benchmark ran on.
import os from 'node:os';
import { spawnSync } from 'node:child_process';

export function machineInfo(tmpDir) {
  const cpus = os.cpus();
  const fs = spawnSync('stat', ['-f', '-c', '%T', tmpDir], { encoding: 'utf8' });
  return {
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    tmpFs: fs.status === 0 ? `${fs.stdout.trim().replace('ext2/ext3', 'ext2/3/4')} (${tmpDir})` : `unknown (${tmpDir})`,
  };
}
