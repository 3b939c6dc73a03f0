// Where the simulated API keeps its state inside a lab dir, and which lab the running tool
// belongs to (OPSCTL_LAB_DIR, OPSCTL_LAB_HOST). Host file paths come from the lab's layout.
import { join } from 'node:path';
import { ToolError } from '../cli/errors.js';

export { onHost, hostRoot } from '../../layout.js';

/** The management cluster every tool talks to unless a kubeconfig names another. */
export const DEFAULT_CLUSTER = 'lab';

export interface LabEnv {
  labDir: string;
  /** The lab host this tool runs on; unset on the operator's machine. */
  host?: string;
}

export function labEnv(env: NodeJS.ProcessEnv = process.env): LabEnv {
  const labDir = env.OPSCTL_LAB_DIR;
  if (!labDir) {
    throw new ToolError('error: OPSCTL_LAB_DIR is not set: this is an opsctl lab tool and only works on a lab host (see `opsctl lab up`)');
  }
  return { labDir, host: env.OPSCTL_LAB_HOST || undefined };
}

export const apiDir = (labDir: string): string => join(labDir, 'api');
export const clusterDir = (labDir: string, cluster: string): string => join(apiDir(labDir), cluster);
export const hostStateDir = (labDir: string): string => join(apiDir(labDir), 'hosts');
export const hostStateFile = (labDir: string, host: string): string => join(hostStateDir(labDir), `${host}.json`);
