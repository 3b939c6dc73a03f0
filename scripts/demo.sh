#!/usr/bin/env bash
# The main job on a fresh Debian machine: install what the lab needs, build opsctl, start a local
# rehearsal cluster (real sshd per host, TLS etcd, haproxy), show the plan of a master backup, then
# back master-0 up for real into a verified archive. Needs root (the lab uses namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# exactly the versions in the committed lock
npm ci --no-audit --no-fund
npm run build
LAB="${OPSCTL_LAB_DIR:-/tmp/opsctl-demo-lab}"
node bin/opsctl.js lab down --dir "$LAB" >/dev/null 2>&1 || true
node bin/opsctl.js lab up --dir "$LAB"
node bin/opsctl.js backup master --host master-0 -i "$LAB/inventory.ini" --dry-run
node bin/opsctl.js backup master --host master-0 -i "$LAB/inventory.ini"
echo
echo "The lab is still up for you: node bin/opsctl.js lab status --dir $LAB  (and: lab down --dir $LAB)"
