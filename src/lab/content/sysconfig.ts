// /etc/sysconfig, dnsmasq, CNI and CA anchor files of a 3.11 node (every master is one). The
// backup runbook copies exactly these (5.2.1.1 step 3), so each exists with plausible content.
import { text, copy, type HostFile, type ContentContext } from './host-file.js';
import { sharedCert } from '../cert-plan.js';

export function nodeSystemFiles(ctx: ContentContext, address: string): HostFile[] {
  const flannelEndpoints = ctx.masters.map((m) => `https://${m.address}:2379`).join(',');
  return [
    text('/etc/sysconfig/atomic-openshift-node', `OPTIONS=
DEBUG_LOGLEVEL=2
IMAGE_VERSION=v3.11.784
`),
    text('/etc/sysconfig/iptables', iptablesRules()),
    text('/etc/sysconfig/docker', `# /etc/sysconfig/docker

# Modify these options if you want to change the way the docker daemon runs
OPTIONS=' --selinux-enabled       --signature-verification=False'
if [ -z "\${DOCKER_CERT_PATH}" ]; then
    DOCKER_CERT_PATH=/etc/docker
fi
ADD_REGISTRY='--add-registry registry.redhat.io'
`),
    text('/etc/sysconfig/docker-network', `# /etc/sysconfig/docker-network
DOCKER_NETWORK_OPTIONS=' --mtu=1450'
`),
    text('/etc/sysconfig/docker-storage', `DOCKER_STORAGE_OPTIONS="--storage-driver overlay2 "
`),
    text('/etc/sysconfig/docker-storage-setup', `STORAGE_DRIVER=overlay2
CONTAINER_ROOT_LV_NAME=dockerlv
CONTAINER_ROOT_LV_SIZE=100%FREE
CONTAINER_ROOT_LV_MOUNT_PATH=/var/lib/docker
VG=docker-vg
`),
    text('/etc/sysconfig/docker-storage-setup.rpmnew', `# Edit this file to override any configuration options specified in
# /usr/share/container-storage-setup/container-storage-setup.
STORAGE_DRIVER=overlay2
`),
    text('/etc/sysconfig/flanneld', `# Flanneld configuration options

# etcd url location.  Point this to the server where etcd runs
FLANNEL_ETCD_ENDPOINTS=${flannelEndpoints}

# etcd config key.  This is the configuration key that flannel queries
# For address range assignment
FLANNEL_ETCD_PREFIX="/openshift.com/network"

# Any additional options that you want to pass
FLANNEL_OPTIONS="-etcd-cafile=/etc/origin/node/flannel.etcd-ca.crt -etcd-certfile=/etc/origin/node/flannel.etcd-client.crt -etcd-keyfile=/etc/origin/node/flannel.etcd-client.key"
`),
    text('/etc/dnsmasq.d/origin-dns.conf', `no-resolv
domain-needed
no-negcache
max-cache-ttl=1
enable-dbus
dns-forward-max=10000
cache-size=10000
bind-dynamic
min-port=1024
except-interface=lo
# End of config
`),
    text('/etc/dnsmasq.d/origin-upstream-dns.conf', `server=8.8.8.8
`),
    text('/etc/dnsmasq.d/node-dnsmasq.conf', `server=/in-addr.arpa/127.0.0.1
server=/cluster.local/127.0.0.1
`),
    text('/etc/cni/net.d/80-openshift-network.conf', `{
  "cniVersion": "0.2.0",
  "name": "openshift-sdn",
  "type": "openshift-sdn"
}
`),
    copy('/etc/pki/ca-trust/source/anchors/openshift-ca.crt', `${sharedCert(ctx.labDir, 'ca')}.crt`, 0o644),
    copy('/etc/pki/ca-trust/source/anchors/registry-ca.crt', `${sharedCert(ctx.labDir, 'ca')}.crt`, 0o644),
    text('/etc/origin/node/resolv.conf', `nameserver ${address}
`),
  ];
}

function iptablesRules(): string {
  return `# sample configuration for iptables service
# you can edit this manually or use system-config-firewall
# please do not ask us to add additional ports/services to this default configuration
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:OS_FIREWALL_ALLOW - [0:0]
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -j OS_FIREWALL_ALLOW
-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A FORWARD -j REJECT --reject-with icmp-host-prohibited
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 2379 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 2380 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 8443 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 8444 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 8053 -j ACCEPT
-A OS_FIREWALL_ALLOW -p udp -m state --state NEW -m udp --dport 8053 -j ACCEPT
-A OS_FIREWALL_ALLOW -p tcp -m state --state NEW -m tcp --dport 10250 -j ACCEPT
-A OS_FIREWALL_ALLOW -p udp -m state --state NEW -m udp --dport 4789 -j ACCEPT
COMMIT
`;
}
