// A cluster target's transport: the local one, with KUBECONFIG pointing at that cluster's
// kubeconfig and nothing else, so `oc`/`kubectl` in a step cannot reach another cluster by an
// inherited environment. A context is honoured through a private copy of the kubeconfig whose
// current-context is set (the file holds credentials: mode 600 in a 700 temp dir, removed on close).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ExecOptions, ExecResult, TransferResult, Transport } from './types.js';
import { InputError } from '../errors.js';

export class ClusterTransport implements Transport {
  private tempDir?: string;
  private readonly kubeconfig: string;

  constructor(
    private readonly inner: Transport,
    readonly host: string,
    cluster: { kubeconfig: string; context?: string },
  ) {
    this.kubeconfig = cluster.context ? this.withContext(cluster.kubeconfig, cluster.context) : cluster.kubeconfig;
  }

  run(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.inner.run(command, { ...options, env: { ...options.env, KUBECONFIG: this.kubeconfig } });
  }

  put(source: { path: string } | { data: Buffer }, dest: string, options?: { mode?: string; sudo?: boolean; signal?: AbortSignal }): Promise<TransferResult> {
    return this.inner.put(source, dest, options);
  }

  get(source: string, localDest: string, options?: { sudo?: boolean; signal?: AbortSignal }): Promise<TransferResult> {
    return this.inner.get(source, localDest, options);
  }

  async close(): Promise<void> {
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    await this.inner.close();
  }

  private withContext(file: string, context: string): string {
    let doc: Record<string, unknown>;
    try {
      doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new InputError(`cannot read kubeconfig ${file}: ${(e as Error).message}`);
    }
    const contexts = Array.isArray(doc?.contexts) ? (doc.contexts as Array<{ name?: string }>) : [];
    if (!contexts.some((c) => c.name === context)) {
      throw new InputError(`kubeconfig ${file} has no context "${context}"`, { hint: `contexts: ${contexts.map((c) => c.name).join(', ') || 'none'}` });
    }
    this.tempDir = mkdtempSync(join(tmpdir(), 'opsctl-kubeconfig-'));
    const copy = join(this.tempDir, 'kubeconfig');
    writeFileSync(copy, stringify({ ...doc, 'current-context': context }), { mode: 0o600 });
    return copy;
  }
}
