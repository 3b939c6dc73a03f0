#!/usr/bin/env bash
# Installs what opsctl's tests need from Debian packages (the tests use real sshd, sudo, ...).
# Idempotent: does nothing when everything is present. Needs root (or sudo) to install.
set -euo pipefail

need=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v sudo >/dev/null 2>&1 || need+=(sudo)
# The lab (and its tests): a real etcd cluster, haproxy -c, certificates, namespaces.
[ -x /usr/bin/etcd ] || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)
[ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v unshare >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1 || need+=(util-linux)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v pgrep >/dev/null 2>&1 || need+=(procps)
# Hosted-cluster DR: the real aws CLI v2 (Debian's awscli; a pyenv v1 shim elsewhere on PATH is
# not used) against the lab's S3 and Route53 stand-ins; curl-free, sha256sum from coreutils.
[ -x /usr/bin/aws ] || need+=(awscli)
# Inventories are compared with what Ansible itself reads; run timelines are rendered in Chromium.
command -v ansible-inventory >/dev/null 2>&1 || need+=(ansible-core)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The runbook lint (test/runbooks/shellcheck.test.ts) runs every built-in runbook's commands through it.
[ -x /usr/bin/shellcheck ] || need+=(shellcheck)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "missing packages: ${need[*]} — run as root: apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $(printf "%s\n" "${need[@]}" | sort -u) >/dev/null
