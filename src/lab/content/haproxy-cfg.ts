// /etc/haproxy/haproxy.cfg of the load balancer as openshift-ansible's lb role writes it, plus
// the `mgmt8443` backend the 3.11 decommission procedure edits (5.2.1.3 step 1).
export function renderHaproxyCfg(masters: Array<{ name: string; address: string }>, apiPort: number): string {
  const servers = (pad: string, label: (i: number, name: string) => string) =>
    masters.map((m, i) => `    server${pad}${label(i, m.name)} ${m.address}:${apiPort} check`).join('\n');
  return `# Global settings
#---------------------------------------------------------------------
global
    maxconn     20000
    log         /dev/log local0 info
    chroot      /var/lib/haproxy
    pidfile     /var/run/haproxy.pid
    user        haproxy
    group       haproxy
    daemon

    # turn on stats unix socket
    stats socket /var/lib/haproxy/stats

#---------------------------------------------------------------------
# common defaults that all the 'listen' and 'backend' sections will
# use if not designated in their block
#---------------------------------------------------------------------
defaults
    mode                    http
    log                     global
    option                  httplog
    option                  dontlognull
#    option http-server-close
    option forwardfor       except 127.0.0.0/8
    option                  redispatch
    retries                 3
    timeout http-request    10s
    timeout queue           1m
    timeout connect         10s
    timeout client          300s
    timeout server          300s
    timeout http-keep-alive 10s
    timeout check           10s
    maxconn                 20000

listen stats
    bind :9000
    mode http
    stats enable
    stats uri /

frontend  atomic-openshift-api
    bind *:${apiPort}
    default_backend atomic-openshift-api
    mode tcp
    option tcplog

backend atomic-openshift-api
    balance source
    mode tcp
${servers('      ', (i) => `master${i}`)}

frontend mgmt8443
    bind *:8444
    default_backend mgmt8443
    mode tcp

backend mgmt8443
    balance source
    mode tcp
    # MASTERS 8443
${servers(' ', (_, name) => name)}
`;
}
