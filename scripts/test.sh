#!/usr/bin/env bash
# npm test: the whole suite. Type check, build, then unit, integration (real PostgreSQL) and
# browser tests (Debian's Chromium), on Node 22 (scripts/node-runtime.sh). With DATABASE_URL set, the integration and browser tests
# create a fresh database on that server; without it they start an embedded PostgreSQL. The
# embedded default is always exercised by tests/integration/embedded-smoke.test.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 22 (installed into .tools/node22 when the system's is older) and the dependencies (npm ci
# when node_modules is missing or older than package-lock.json).
source scripts/node-runtime.sh
echo "== Node $(node --version)"
bash scripts/ensure-system-deps.sh
echo "== type check"
node_modules/.bin/tsc --noEmit
echo "== build"
node_modules/.bin/remix build
echo "== tests"
mkdir -p test-results
status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line for CI: "N passed, N failed, N skipped".
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  // vitest has been seen to exit 0 after a failed test in the full multi-project run: decide here.
  if (r.numTotalTests === 0 || r.numFailedTests > 0 || r.numFailedTestSuites > 0) process.exit(1);
' || status=1
exit $status
