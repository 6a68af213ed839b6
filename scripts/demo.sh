#!/usr/bin/env bash
# The README's main job: the whole DataOps lifecycle of a Databricks project, on a Databricks
# workspace that runs on this machine (`dataops local`), in a few minutes, with no account.
#
#   npm run demo          (or: bash scripts/demo.sh)
#
# It builds dataops, installs the tools it drives (Databricks CLI, task, Python SDK), creates a
# project from the standard blueprint, deploys a personal sandbox, checks and tests it, shows
# the guard refusing a duplicated job, and stops the workspace. The project stays in a
# temporary directory for you to look at (set DEMO_DIR to choose it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

bold() { if [ -t 1 ]; then printf '\033[1m%s\033[0m\n' "$*"; else printf '%s\n' "$*"; fi; }
CURRENT_STEP="start"
step() {
  CURRENT_STEP="$1"
  printf '\n'
  bold "▶ $1"
  if [ $# -gt 1 ]; then printf '  %s\n' "${@:2}"; fi
}
say() { printf '  %s\n' "$*"; }

# ---- build dataops and install the tools it drives -------------------------------------
step "Build dataops and install the tools it drives" "One binary (dist/dataops); the Databricks CLI, go-task and the Python SDK go to .tools/."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-test-tools.sh
# shellcheck source=scripts/tools-env.sh
source scripts/tools-env.sh
node scripts/build.mjs
export PATH="$ROOT/dist:$PATH"
dataops --version

RAN=()

WORK="${DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dataops-demo.XXXXXX")}"
mkdir -p "$WORK"
DATA_DIR="$WORK/workspace"
PROJECT="$WORK/sales_analytics"
stop_workspace() { dataops local down --data-dir "$DATA_DIR" >/dev/null 2>&1 || true; }
on_exit() {
  local status=$?
  stop_workspace
  if [ "$status" -ne 0 ]; then
    printf '\n✘ demo failed at "%s" (exit %s); the output above says why. The project is in %s.\n' "$CURRENT_STEP" "$status" "$WORK" >&2
  fi
}
trap on_exit EXIT

# ---- a workspace on this machine ----------------------------------------------------------
step "Start a local Databricks workspace (dataops local up)" \
  "The real Databricks CLI and SDK talk to it as to a cloud workspace; nothing leaves 127.0.0.1."
URL="$(dataops local up --port 0 --data-dir "$DATA_DIR" --detach)"
eval "$(dataops local env --data-dir "$DATA_DIR")"
# Only this workspace: no profile of yours, no Terraform download (the CLI's direct engine).
unset DATABRICKS_CONFIG_PROFILE
: >"$WORK/databrickscfg"
export DATABRICKS_CONFIG_FILE="$WORK/databrickscfg" DATABRICKS_BUNDLE_ENGINE=direct
# No variables: the blueprint looks up "Serverless Starter Warehouse", which the local workspace has, as real ones do.
say "workspace: $URL"
RAN+=("local up")

# ---- the standard project ------------------------------------------------------------------
step "Create a project from the standard blueprint (dataops init)" \
  "databricks.yml, targets (sandbox, staging, prod), a job, a pipeline, a dashboard, tests, Taskfile, GitHub workflows."
rm -rf "$PROJECT"
dataops init "$PROJECT" --name sales_analytics --cloud azure
cd "$PROJECT"
# A sandbox belongs to a user AND a git branch.
git init -q -b feature/daily-sales
git add -A
git -c user.name="Demo" -c user.email="demo@example.com" commit -qm "feat: start from the dataops blueprint"
RAN+=("init")

step "Check every target before deploying anything (dataops validate)" \
  "Schema, names, references, files, schedules, SQL, dashboards and production safety, offline."
dataops validate
RAN+=("validate")

# ---- the sandbox ---------------------------------------------------------------------------
step "Deploy your own sandbox (task db-deploy:sandbox)" \
  "Preflight (validate, guard, identity, lock), then the Databricks CLI; names and paths carry your namespace."
task db-deploy:sandbox
NAMESPACE="$(dataops sandbox namespace)"
RAN+=("task db-deploy:sandbox")

step "Check what was deployed (dataops verify -t sandbox)" "Jobs, pipelines, dashboards and warehouses, as the workspace sees them."
dataops verify -t sandbox
RAN+=("verify")

step "Run the integration tests against the sandbox (task test:integration)" \
  "pytest and the Databricks SDK; the ids of this deployment come from its bundle summary."
task test:integration
RAN+=("task test:integration")

# ---- the guard -----------------------------------------------------------------------------
step "Make a duplicate by hand, as happens in real workspaces" \
  "A job with the very name of the sandbox's job, created in the UI or by a script."
DUPLICATE="[dev $NAMESPACE] Daily Sales Ingestion"
DUPLICATE_ID="$(databricks jobs create --json "$(jq -n --arg name "$DUPLICATE" '{name: $name}')" | jq -r .job_id)"
say "created job $DUPLICATE_ID \"$DUPLICATE\""

step "Deploy again: the guard refuses" "Two jobs of one name is how overwritten and duplicated resources start."
if task db-deploy:sandbox; then
  echo "demo: the deploy went through despite the duplicate: the guard did not stop it" >&2
  exit 1
fi
say "refused, as it should be (the output above names the conflicting job and how to resolve it)"
RAN+=("guard refused a duplicate")

step "Remove the duplicate and deploy once more" "With the conflict gone, the same command deploys."
databricks jobs delete "$DUPLICATE_ID"
DEPLOYED="$(dataops deploy sandbox --json)"
RAN+=("deploy after the fix")

# ---- summary -------------------------------------------------------------------------------
step "Summary"
say "project:    $PROJECT (yours to look at: cat databricks.yml targets/*.yml; task --list)"
say "workspace:  $URL/ (home page: jobs, runs, pipelines, dashboards, warehouses; the links below open pages)"
say "            stopped now: dataops local up --data-dir $DATA_DIR --port ${URL##*:} brings these links back"
say "namespace:  $NAMESPACE (user and branch: no one else's sandbox is touched)"
jq -r '.resources[] | "  \(.type | rtrimstr("s") | . + "        " | .[0:10])  \(.name)\n              \(.url)"' <<<"$DEPLOYED"
say "ran:        $(IFS=,; echo "${RAN[*]}" | sed 's/,/, /g')"
say "next:       the same project deploys to a real workspace: databricks auth login, then task db-deploy:sandbox"
stop_workspace
trap - EXIT
bold "✔ demo finished"
