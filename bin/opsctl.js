#!/usr/bin/env node
// Thin launcher: keeps the published entry point stable while the code lives in dist/. A bare
// `--version` is answered here, before the CLI and its command table are loaded at all.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  await import('../dist/cli/main.js');
}
