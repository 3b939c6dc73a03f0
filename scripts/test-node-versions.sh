#!/usr/bin/env bash
# opsctl runs on Node 20, 22 and 24. `npm test` ran everything on this machine's Node; this runs
# the pure tier and the end-to-end CLI tier again on Node 22 and 24, taken from the npm registry
# (the `node` package), with `node` on PATH being that version so the spawned CLI uses it too.
# Folders end in / because vitest filters are substrings (test/runbook would also match the
# lab-heavy test/runbooks).
# The versions run side by side (these tiers wait on child processes more than they use a core);
# each one's output is printed whole when it ends, and any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
tiers=(test/inventory/ test/template/ test/runbook/ test/plan/ test/report/ test/quorum/ test/edit/
       test/e2e/exit-codes.test.ts test/e2e/bad-input.test.ts test/e2e/json-and-safety.test.ts
       test/e2e/resume.test.ts test/e2e/saved-plan.test.ts test/e2e/runs-show.test.ts)
present=()
for t in "${tiers[@]}"; do [ -e "$t" ] && present+=("$t"); done
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
pids=()
versions=(${OPSCTL_NODE_VERSIONS:-22 24})
for v in "${versions[@]}"; do
  # the Ansible comparison does not depend on Node's version: it ran once in npm test
  npx --yes -p "node@$v" -- node node_modules/vitest/vitest.mjs run --exclude test/inventory/ansible-differential.test.ts "${present[@]}" >"$logs/$v" 2>&1 &
  pids+=($!)
done
failed=()
for i in "${!versions[@]}"; do
  v=${versions[$i]}
  status=0
  wait "${pids[$i]}" || status=$?
  echo "== Node $v: pure and end-to-end tiers (exit $status)"
  cat "$logs/$v"
  [ "$status" -eq 0 ] || failed+=("$v")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed on Node ${failed[*]}" >&2
  exit 1
fi
