// A kubeconfig with embedded certificates, as `oc adm create-kubeconfig` and kubeadm write them:
// admin.kubeconfig, node.kubeconfig, /etc/kubernetes/admin.conf, and the operator's lab kubeconfig.
export interface KubeconfigSpec {
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

export function renderKubeconfig(k: KubeconfigSpec): string {
  const context = `${k.namespace ?? 'default'}/${k.cluster}/${k.user}`;
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(k.caPem)}
    server: ${k.server}
  name: ${k.cluster}
contexts:
- context:
    cluster: ${k.cluster}
    namespace: ${k.namespace ?? 'default'}
    user: ${k.user}/${k.cluster}
  name: ${context}
current-context: ${context}
kind: Config
preferences: {}
users:
- name: ${k.user}/${k.cluster}
  user:
    client-certificate-data: ${b64(k.certPem)}
    client-key-data: ${b64(k.keyPem)}
`;
}
