#!/usr/bin/env bash
# The whole test suite from a fresh clone: system packages, npm packages, build, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# `npm install` with the committed lock installs exactly the locked versions; `npm ci` (npm 11) rejects
# this lock because rollup's optional packages for other platforms are not recorded in it.
npm install --no-audit --no-fund
npm test
