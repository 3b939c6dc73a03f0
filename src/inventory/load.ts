// The one place inventories touch the disk: read the file, parse it, and turn every problem into
// an InputError (exit 2) the operator can act on.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseInventory } from './parse.js';
import type { Inventory } from './types.js';

// Sync on purpose: an inventory is small and read once, before anything connects.
export function loadInventory(path: string): Inventory {
  const { inventory, diagnostics } = parseInventory(readInventoryFile(path), path);
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return inventory;
}

function readInventoryFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hints: Record<string, string> = {
      ENOENT: 'check the path given to -i/--inventory (or OPSCTL_INVENTORY); OpenShift 3.11 keeps it in /etc/ansible/hosts',
      EISDIR: 'pass the inventory file itself; inventory directories are not supported',
      EACCES: 'the file is not readable by this user; check its permissions or run as its owner',
    };
    const message = code === 'ENOENT' ? 'inventory file not found' : code === 'EISDIR' ? 'inventory path is a directory' : `cannot read inventory: ${(e as Error).message}`;
    throw new InputError([{ file: path, message, hint: hints[code ?? ''] }], { cause: e });
  }
}
