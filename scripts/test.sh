#!/usr/bin/env bash
# The whole test suite from a fresh clone: system packages, npm packages, build, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# exactly the versions in the committed lock
npm ci --no-audit --no-fund
npm test
