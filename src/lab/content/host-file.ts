// A file a lab host holds, as data: generators return these, one writer puts them in the host's
// tree. `path` is the real absolute path the host sees.
export interface HostFile {
  path: string;
  text?: string;
  /** Copy this file from the lab's pki dir instead of writing text. */
  copyOf?: string;
  mode?: number;
}

export interface ContentContext {
  labDir: string;
  masters: Array<{ name: string; address: string }>;
  lb: { name: string; address: string };
  /** Reads a file made earlier (a certificate to embed in a kubeconfig). */
  read: (path: string) => string;
}

export const text = (path: string, body: string, mode?: number): HostFile => ({ path, text: body, mode });
export const copy = (path: string, from: string, mode?: number): HostFile => ({ path, copyOf: from, mode });
// A cert/key pair from the pki dir under two real names.
export const pair = (crtPath: string, keyPath: string, from: string): HostFile[] => [copy(crtPath, `${from}.crt`, 0o644), copy(keyPath, `${from}.key`, 0o600)];
