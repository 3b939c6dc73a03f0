// The inventory as the planner sees it: hosts with connection facts, and named groups. Parsers for
// Ansible INI/YAML and opsctl YAML produce this; nothing here does I/O.
import type { Diagnostic } from '../errors.js';

export interface InventoryHost {
  name: string;
  /** Address to connect to (ansible_host / HostName); defaults to the name. */
  address?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  become?: boolean;
  becomeUser?: string;
  /** `-o ProxyJump=...` from ansible_ssh_common_args, or ProxyJump from ssh_config. */
  proxyJump?: string;
  /** `-o Key=Value` options from ansible_ssh_common_args/extra_args, keys lower-cased. */
  sshOptions?: Record<string, string>;
  /** Every variable as written (strings, numbers, booleans), for templates: `hosts.NAME.x`. */
  vars: Record<string, unknown>;
}

export interface Inventory {
  /** Where it came from, for messages; undefined when no inventory was given. */
  source?: string;
  hosts: Record<string, InventoryHost>;
  /** Group name → host names, children already flattened, in file order. */
  groups: Record<string, string[]>;
}

export const emptyInventory = (): Inventory => ({ hosts: {}, groups: {} });

/** The inventory file formats opsctl reads (docs/inventory.md). */
export type InventoryFormat = 'ini' | 'ansible-yaml' | 'opsctl-yaml';

/** What a parser returns: the inventory it could build, and every problem it found on the way. */
export interface InventoryParseResult {
  inventory: Inventory;
  diagnostics: Diagnostic[];
}
