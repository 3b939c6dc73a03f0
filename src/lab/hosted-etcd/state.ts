// The converge worker's record of a control plane's etcd members (state.json), read by the
// HyperShift stand-in on every API call: kept apart from the worker so `oc` loads nothing heavy.
import { readFileSync } from 'node:fs';
import { stateFileOf, type EtcdState } from './layout.js';

export function readState(labDir: string, cluster: string, ns: string): EtcdState {
  try {
    return JSON.parse(readFileSync(stateFileOf(labDir, cluster, ns), 'utf8')) as EtcdState;
  } catch {
    return { healthy: false, members: {}, origin: {} };
  }
}
