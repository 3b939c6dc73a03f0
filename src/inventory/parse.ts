// Picks the parser for an inventory file from its name and content. Pure, so the CLI's loader
// and the tests agree on what a file is.
import { extname } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { parseAnsibleYaml } from './ansible-yaml.js';
import { parseAnsibleIni } from './ini.js';
import { parseOpsctlYaml } from './opsctl-yaml.js';
import type { InventoryFormat, InventoryParseResult } from './types.js';

// `.ini` is INI and `.yml`/`.yaml`/`.json` are YAML, as for Ansible; any other name (e.g.
// /etc/ansible/hosts) is YAML only if it parses as a YAML mapping, which no INI inventory does.
// YAML is opsctl's own format when it says `kind: Inventory` or `apiVersion: opsctl/...`.
export function detectInventoryFormat(path: string, text: string): InventoryFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.ini') return 'ini';
  const yamlByName = ['.yml', '.yaml', '.json'].includes(ext);
  const doc = parseDocument(text);
  const mapping = doc.errors.length === 0 && isMap(doc.contents);
  if (!yamlByName && !mapping) return 'ini';
  const apiVersion = mapping ? doc.get('apiVersion') : undefined;
  const ours = mapping && (doc.get('kind') === 'Inventory' || (typeof apiVersion === 'string' && apiVersion.startsWith('opsctl/')));
  return ours ? 'opsctl-yaml' : 'ansible-yaml';
}

// Pure entry point for any format, used by loadInventory and by tests.
export function parseInventory(text: string, file: string, format = detectInventoryFormat(file, text)): InventoryParseResult {
  if (format === 'ini') return parseAnsibleIni(text, file);
  if (format === 'opsctl-yaml') return parseOpsctlYaml(text, file);
  return parseAnsibleYaml(text, file);
}
