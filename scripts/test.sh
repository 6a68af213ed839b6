#!/usr/bin/env bash
# The test command of the README and of CI: installs what the tests need from the
# project's own files, type-checks, builds dist/dataops once, runs every vitest suite.
#   npm test                 everything
#   npm test -- test/unit    a subset (arguments go to vitest)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-test-tools.sh
# shellcheck source=scripts/tools-env.sh
source scripts/tools-env.sh

npx tsc --noEmit -p .
node scripts/build.mjs

mkdir -p reports
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json "$@" || status=$?

# One plain closing line that any CI reads: "N passed, N failed, N skipped".
node -e '
const r = JSON.parse(require("fs").readFileSync("reports/vitest.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit "$status"
