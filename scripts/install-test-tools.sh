#!/usr/bin/env bash
# Install every external tool the dataops test suite needs into <repo>/.tools.
#
#   .tools/bin/task          go-task           (go install, Go module proxy)
#   .tools/bin/actionlint    actionlint        (go install, Go module proxy)
#   .tools/bin/databricks    Databricks CLI    (go install, Go module proxy)
#   .tools/bin/act           nektos/act        (go install, Go module proxy; runs workflows)
#   .tools/venv              Python venv with scripts/requirements-test.txt (PyPI)
#   jq                       system package    (apt-get, only when missing)
#   chromium                 system package    (apt-get, only when missing; the page tests' browser)
#
# Idempotent: a tool is skipped when it is already there AND reports the pinned
# version, so a second run takes about a second. Safe to run from any cwd.
# Afterwards:  source scripts/tools-env.sh
set -euo pipefail

# ---- pinned versions ---------------------------------------------------------
TASK_VERSION="v3.54.0"            # github.com/go-task/task/v3
ACTIONLINT_VERSION="v1.7.12"      # github.com/rhysd/actionlint
DATABRICKS_CLI_VERSION="v1.12.1"  # github.com/databricks/cli (newest tag the Go proxy serves)
ACT_VERSION="v0.2.89"             # github.com/nektos/act (the lifecycle e2e runs the blueprint's workflows)
# Python pins: scripts/requirements-test.txt (databricks-sdk, pytest, pyyaml).
PYTHON="${PYTHON:-python3}"       # interpreter used to create .tools/venv

# ---- layout ------------------------------------------------------------------
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
TOOLS_DIR="$ROOT/.tools"
BIN_DIR="$TOOLS_DIR/bin"
VENV_DIR="$TOOLS_DIR/venv"
LOG_DIR="$TOOLS_DIR/logs"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
mkdir -p "$BIN_DIR" "$LOG_DIR"

# go install writes here; module/build caches stay at Go's defaults
# (GOMODCACHE, GOCACHE) so they are shared and re-runs are fast.
export GOBIN="$BIN_DIR"

# ---- helpers -----------------------------------------------------------------
die() { echo "install-test-tools: $*" >&2; exit 1; }

# report <tool> <status> <version> [seconds]
report() {
  local extra=""
  [[ $# -ge 4 ]] && extra=" (${4}s)"
  printf '%-11s %-15s %s%s\n' "$1" "$2" "$3" "$extra"
}

# First x.y.z[-pre][+build] found in a tool's --version output, without "v".
semver_of() {
  grep -oE 'v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?' | head -n1 | sed 's/^v//'
}

# reported_version <binary> : what the binary says about itself ("" if broken).
reported_version() {
  [[ -x "$1" ]] || return 0
  "$1" --version 2>/dev/null | semver_of || true
}

# run_logged <logfile> <cmd...> : run quietly; on failure show the log tail.
run_logged() {
  local log="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    echo "install-test-tools: command failed: $*" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
}

require_go() {
  command -v go >/dev/null 2>&1 || die "go is required (https://go.dev/doc/install)"
}

# go_tool <name> <package> <version> : go install <package>@<version> -> .tools/bin/<name>
go_tool() {
  local name="$1" pkg="$2" version="$3" bin="$BIN_DIR/$1" have start
  have="$(reported_version "$bin")"
  if [[ "$have" == "${version#v}" ]]; then
    report "$name" "already present" "$version"
    return
  fi
  require_go
  start=$SECONDS
  run_logged "$LOG_DIR/$name.log" go install "$pkg@$version"
  have="$(reported_version "$bin")"
  [[ "$have" == "${version#v}" ]] || die "$name: installed binary reports '${have}', expected ${version}"
  report "$name" "installed" "$version" $((SECONDS - start))
}

# The Databricks CLI's main package is the module root, so go install names the
# binary "cli"; we rename it to "databricks". A plain `go install` also reports
# "<next version>-dev" (it reads .nextchanges/version, and module builds carry no
# VCS info), which makes the CLI treat itself as a development build (e.g. it
# skips bundle `databricks_cli_version` checks). So inject the release version
# the way the project's .goreleaser.yaml does.
databricks_cli() {
  local version="$DATABRICKS_CLI_VERSION" bin="$BIN_DIR/databricks" have start
  local plain="${version#v}" mod="github.com/databricks/cli" info dir commit
  local major minor patch ldflags reason
  have="$(reported_version "$bin")"
  if [[ "$have" == "$plain" ]]; then
    report databricks "already present" "$version"
    return
  fi
  require_go
  start=$SECONDS
  # Download (and checksum-verify) the module first: gives its cache dir for
  # the fallback build and the tagged commit for the version info.
  info="$(go mod download -json "$mod@$version" 2>"$LOG_DIR/databricks-download.log")" \
    || { cat "$LOG_DIR/databricks-download.log" >&2; die "databricks: go mod download $mod@$version failed"; }
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")"
  commit="$(sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]\{40\}\)",\{0,1\}$/\1/p' <<<"$info")"
  commit="${commit:-0000000000000000000000000000000000000000}"
  IFS=. read -r major minor patch <<<"$plain"
  local p="$mod/internal/build"
  ldflags="-s -w -X $p.buildVersion=$plain -X $p.buildTag=$version -X $p.buildSummary=$version"
  ldflags+=" -X $p.buildMajor=$major -X $p.buildMinor=$minor -X $p.buildPatch=$patch"
  ldflags+=" -X $p.buildFullCommit=$commit -X $p.buildShortCommit=${commit:0:8}"
  rm -f "$BIN_DIR/cli"
  if CGO_ENABLED=0 go install -trimpath -ldflags "$ldflags" "$mod@$version" \
      >"$LOG_DIR/databricks.log" 2>&1; then
    mv -f "$BIN_DIR/cli" "$bin"
  else
    # `go install m@v` also asks the proxy for the module's version list (to
    # look up a deprecation notice) and aborts if it can't; it likewise refuses
    # modules with replace directives. Building the same module from its
    # checksum-verified copy in the module cache gives the identical binary.
    reason="$(grep -E '^go: ' "$LOG_DIR/databricks.log" | tail -n1)"
    echo "databricks: go install failed (${reason:-see $LOG_DIR/databricks.log}); building from the module cache instead" >&2
    [[ -n "$dir" && -f "$dir/go.mod" ]] || die "databricks: module dir not found for $mod@$version"
    (cd "$dir" && CGO_ENABLED=0 GOWORK=off GOFLAGS=-mod=readonly run_logged "$LOG_DIR/databricks-build.log" \
        go build -trimpath -ldflags "$ldflags" -o "$bin" .)
  fi
  have="$(reported_version "$bin")"
  [[ "$have" == "$plain" ]] || die "databricks: installed binary reports '${have}', expected ${version}"
  report databricks "installed" "$version" $((SECONDS - start))
}

# Exit 0 when the venv's python runs and every pin in requirements is installed.
venv_matches_pins() {
  [[ -x "$VENV_DIR/bin/python" ]] || return 1
  "$VENV_DIR/bin/python" - "$REQUIREMENTS" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, sep, want = line.partition("==")
    if not sep:
        sys.exit(1)
    try:
        if version(name.strip()) != want.strip():
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}

pins_summary() {
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$REQUIREMENTS" | tr -d ' ' | paste -sd' ' -
}

python_venv() {
  local start
  [[ -f "$REQUIREMENTS" ]] || die "missing $REQUIREMENTS"
  if venv_matches_pins; then
    report venv "already present" "$(pins_summary)"
    return
  fi
  start=$SECONDS
  if ! "$VENV_DIR/bin/python" -c '' >/dev/null 2>&1; then
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON is required to create $VENV_DIR"
    rm -rf "$VENV_DIR"
    run_logged "$LOG_DIR/venv.log" "$PYTHON" -m venv "$VENV_DIR"
  fi
  run_logged "$LOG_DIR/pip.log" "$VENV_DIR/bin/python" -m pip install \
    --disable-pip-version-check --no-input -r "$REQUIREMENTS"
  venv_matches_pins || die "venv: installed packages do not match $REQUIREMENTS"
  report venv "installed" "$(pins_summary)" $((SECONDS - start))
}

# A system package from Debian's archive, installed only when its command is missing.
apt_tool() {
  local command=$1 package=$2 start sudo=""
  if command -v "$command" >/dev/null 2>&1; then
    report "$command" "already present" "$("$command" --version 2>/dev/null | head -n1)"
    return
  fi
  start=$SECONDS
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "$command is missing and we are not root (apt-get install $package)"
    sudo="sudo"
  fi
  # apt-get update only now that something must actually be installed.
  run_logged "$LOG_DIR/apt.log" $sudo apt-get update
  run_logged "$LOG_DIR/apt.log" $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "$package"
  report "$command" "installed" "$("$command" --version 2>/dev/null | head -n1)" $((SECONDS - start))
}

# ---- main --------------------------------------------------------------------
go_tool task github.com/go-task/task/v3/cmd/task "$TASK_VERSION"
go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
databricks_cli
go_tool act github.com/nektos/act "$ACT_VERSION"
python_venv
apt_tool jq jq
# The browser the page tests drive (playwright-core, executablePath /usr/bin/chromium).
apt_tool chromium chromium

echo
echo "Tools are in $TOOLS_DIR. Put them on PATH with:"
echo "  export PATH=\"$BIN_DIR:\$PATH\""
echo "or (also adds the venv):  source \"$ROOT/scripts/tools-env.sh\""
