// The one place ssh_config touches the disk: read `--ssh-config FILE` or ~/.ssh/config and the
// files its Includes name, parse, and turn bad lines into an InputError (exit 2).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { emptySshConfig, type ParsedSshConfig } from './config-types.js';
import { parseSshConfig, type IncludedFile } from './config-parse.js';
import { globFiles } from './glob-files.js';

// Sync like the inventory: read once, before anything connects. An absent ~/.ssh/config is an
// empty config; an absent file given explicitly is the operator's mistake.
export function loadSshConfig(path?: string, home = homedir()): ParsedSshConfig {
  const file = path ?? join(home, '.ssh', 'config');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return emptySshConfig();
    throw new InputError([{ file, message: code === 'ENOENT' ? 'ssh config file not found' : `cannot read ssh config: ${(e as Error).message}`, hint: path ? 'check the path given to --ssh-config' : undefined }], { cause: e });
  }
  const { config, diagnostics } = parseSshConfig(text, file, { home, readInclude });
  if (diagnostics.length > 0) throw new InputError(diagnostics, { hint: 'ssh -G HOST shows how ssh itself reads this file' });
  return config;
}

function readInclude(pattern: string): IncludedFile[] {
  return globFiles(pattern).map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (e) {
      return { file, error: (e as Error).message };
    }
  });
}
