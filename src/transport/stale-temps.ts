// Transfers land in a temp file beside the destination and are renamed into place; opsctl killed
// between the two leaves the temp file behind. The next transfer to the same destination removes
// such leftovers first, so a step run again after a crash leaves the same files as a clean run.
import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temp name a local write to `dest` uses: `.NAME.opsctl-<8 hex>`. */
export function localTempName(dest: string, hex: string): string {
  return join(dirname(dest), `.${basename(dest)}.opsctl-${hex}`);
}

export async function removeStaleLocalTemps(dest: string): Promise<void> {
  const name = basename(dest).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stale = new RegExp(`^\\.${name}\\.opsctl-[0-9a-f]{8}$`);
  for (const f of await readdir(dirname(dest)).catch(() => [] as string[])) {
    if (stale.test(f)) await unlink(join(dirname(dest), f)).catch(() => undefined);
  }
}
