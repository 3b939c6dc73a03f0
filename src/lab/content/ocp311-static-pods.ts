// The three static pods of a 3.11 master (/etc/origin/node/pods), shaped like openshift-ansible's
// templates. etcd.yaml's only lowercase `https` line is its member URL, so the docs' endpoint
// lookup `grep https etcd.yaml | cut -d/ -f3` yields ADDR:2379 as on a real master.
import { text, type HostFile } from './host-file.js';

const IMAGE_TAG = 'v3.11.784';

export function staticPods(address: string): HostFile[] {
  return [
    text('/etc/origin/node/pods/apiserver.yaml', controlPlanePod('api', 'master-api', 'openshift start master api --config=/etc/origin/master/master-config.yaml --loglevel=${DEBUG_LOGLEVEL:-2}', 'healthz')),
    text('/etc/origin/node/pods/controller.yaml', controlPlanePod('controllers', 'master-controllers', 'openshift start master controllers --config=/etc/origin/master/master-config.yaml --listen=https://0.0.0.0:8444 --loglevel=${DEBUG_LOGLEVEL:-2}', 'healthz', 8444)),
    text('/etc/origin/node/pods/etcd.yaml', etcdPod(address)),
  ];
}

function controlPlanePod(component: string, name: string, command: string, probePath: string, port = 8443): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: kube-system
  labels:
    openshift.io/control-plane: "true"
    openshift.io/component: ${component}
spec:
  restartPolicy: Always
  hostNetwork: true
  priorityClassName: system-node-critical
  containers:
  - name: ${component}
    image: registry.redhat.io/openshift3/ose-control-plane:${IMAGE_TAG}
    command: ["/bin/bash", "-c"]
    args:
    - |
      #!/bin/bash
      set -euo pipefail
      if [[ -f /etc/origin/master/master.env ]]; then
        set -o allexport
        source /etc/origin/master/master.env
      fi
      exec ${command}
    securityContext:
      privileged: true
    volumeMounts:
     - mountPath: /etc/origin/master/
       name: master-config
     - mountPath: /etc/origin/cloudprovider/
       name: master-cloud-provider
     - mountPath: /var/lib/origin/
       name: master-data
     - mountPath: /etc/pki
       name: master-pki
    livenessProbe:
      httpGet:
        scheme: HTTPS
        port: ${port}
        path: ${probePath}
      initialDelaySeconds: 45
      timeoutSeconds: 10
  volumes:
  - name: master-config
    hostPath:
      path: /etc/origin/master/
  - name: master-cloud-provider
    hostPath:
      path: /etc/origin/cloudprovider
  - name: master-data
    hostPath:
      path: /var/lib/origin
  - name: master-pki
    hostPath:
      path: /etc/pki
`;
}

function etcdPod(address: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: master-etcd
  namespace: kube-system
  labels:
    openshift.io/control-plane: "true"
    openshift.io/component: etcd
  annotations:
    scheduler.alpha.kubernetes.io/critical-pod: ''
spec:
  restartPolicy: Always
  hostNetwork: true
  priorityClassName: system-node-critical
  containers:
  - name: etcd
    image: registry.redhat.io/rhel7/etcd:3.2.28
    workingDir: /var/lib/etcd
    command: ["/bin/sh", "-c"]
    args:
    - |
      #!/bin/sh
      set -o allexport
      source /etc/etcd/etcd.conf
      exec etcd
    securityContext:
      privileged: true
    volumeMounts:
     - mountPath: /etc/etcd/
       name: master-config
       readOnly: true
     - mountPath: /var/lib/etcd/
       name: master-data
    livenessProbe:
      exec:
        command:
        - etcdctl
        - --cert-file
        - /etc/etcd/peer.crt
        - --key-file
        - /etc/etcd/peer.key
        - --ca-file
        - /etc/etcd/ca.crt
        - -C
        - https://${address}:2379
        - cluster-health
      initialDelaySeconds: 45
  volumes:
  - name: master-config
    hostPath:
      path: /etc/etcd/
  - name: master-data
    hostPath:
      path: /var/lib/etcd
`;
}
