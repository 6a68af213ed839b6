#!/usr/bin/env bash
# The README's main job. It grows with the platform; today: build the binary, install
# the tools it drives, and show what dataops sees on this machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-test-tools.sh
# shellcheck source=scripts/tools-env.sh
source scripts/tools-env.sh
node scripts/build.mjs
dist/dataops --version
dist/dataops doctor
