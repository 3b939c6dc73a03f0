#!/usr/bin/env bash
# The whole test suite from a fresh clone: system packages, npm packages, build, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# exactly the versions in the committed lock
npm ci --no-audit --no-fund
npm test
# the pure and end-to-end tiers again on Node 22 and 24
scripts/test-node-versions.sh
