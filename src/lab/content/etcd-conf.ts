// /etc/etcd/etcd.conf as openshift-ansible writes it on a 3.11 etcd host: an env file that the
// static pod (and the lab's systemctl) sources before exec'ing etcd. Heartbeat and election are
// left at etcd's defaults so the lab elects a leader in about a second.
export interface EtcdMember {
  name: string;
  address: string;
}

export const clientURL = (m: EtcdMember): string => `https://${m.address}:2379`;
export const peerURL = (m: EtcdMember): string => `https://${m.address}:2380`;
export const initialCluster = (members: EtcdMember[]): string => members.map((m) => `${m.name}=${peerURL(m)}`).join(',');

export function renderEtcdConf(self: EtcdMember, members: EtcdMember[]): string {
  return `ETCD_NAME=${self.name}
ETCD_LISTEN_PEER_URLS=${peerURL(self)}
ETCD_DATA_DIR=/var/lib/etcd/
#ETCD_WAL_DIR=
#ETCD_SNAPSHOT_COUNT=10000
#ETCD_HEARTBEAT_INTERVAL=500
#ETCD_ELECTION_TIMEOUT=2500
ETCD_LISTEN_CLIENT_URLS=${clientURL(self)}
#ETCD_MAX_SNAPSHOTS=5
#ETCD_MAX_WALS=5
#ETCD_CORS=

#[cluster]
ETCD_INITIAL_ADVERTISE_PEER_URLS=${peerURL(self)}
ETCD_INITIAL_CLUSTER=${initialCluster(members)}
ETCD_INITIAL_CLUSTER_STATE=new
ETCD_INITIAL_CLUSTER_TOKEN=etcd-cluster-1
#ETCD_DISCOVERY=
#ETCD_DISCOVERY_SRV=
#ETCD_DISCOVERY_FALLBACK=proxy
#ETCD_DISCOVERY_PROXY=
ETCD_ADVERTISE_CLIENT_URLS=${clientURL(self)}
#ETCD_STRICT_RECONFIG_CHECK=false
#ETCD_AUTO_COMPACTION_RETENTION=0
#ETCD_ENABLE_V2=true
ETCD_QUOTA_BACKEND_BYTES=4294967296

#[proxy]
#ETCD_PROXY=off

#[security]
ETCD_TRUSTED_CA_FILE=/etc/etcd/ca.crt
ETCD_CLIENT_CERT_AUTH="true"
ETCD_CERT_FILE=/etc/etcd/server.crt
ETCD_KEY_FILE=/etc/etcd/server.key
#ETCD_AUTO_TLS=false
ETCD_PEER_TRUSTED_CA_FILE=/etc/etcd/ca.crt
ETCD_PEER_CLIENT_CERT_AUTH="true"
ETCD_PEER_CERT_FILE=/etc/etcd/peer.crt
ETCD_PEER_KEY_FILE=/etc/etcd/peer.key
#ETCD_PEER_AUTO_TLS=false

#[logging]
ETCD_DEBUG="False"
`;
}
