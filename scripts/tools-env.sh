# shellcheck shell=bash
# Put the project-local test tools first on PATH. Source it, don't execute it:
#
#   source scripts/tools-env.sh        # from bash or zsh, any cwd
#
# Tools are installed by scripts/install-test-tools.sh into <repo>/.tools:
#   .tools/bin       task, actionlint, databricks
#   .tools/venv/bin  python, pip, pytest (databricks-sdk, pyyaml installed)
# Sourcing twice does not duplicate PATH entries. Deliberately no `set -e` etc.:
# this runs inside the caller's shell.

if [ -n "${BASH_VERSION:-}" ]; then
  _dataops_src="${BASH_SOURCE[0]}"
elif [ -n "${ZSH_VERSION:-}" ]; then
  eval '_dataops_src="${(%):-%x}"'
else
  _dataops_src="$0"
fi
DATAOPS_ROOT="$(cd "$(dirname "$_dataops_src")/.." && pwd -P)"
export DATAOPS_ROOT

# Remove then prepend, so the order is always: .tools/bin, .tools/venv/bin, rest.
for _dataops_dir in "$DATAOPS_ROOT/.tools/venv/bin" "$DATAOPS_ROOT/.tools/bin"; do
  case ":$PATH:" in
    *":$_dataops_dir:"*)
      PATH=":$PATH:"
      PATH="${PATH//:$_dataops_dir:/:}"
      PATH="${PATH#:}"
      PATH="${PATH%:}"
      ;;
  esac
  PATH="$_dataops_dir${PATH:+:$PATH}"
done
export PATH
unset _dataops_src _dataops_dir

if [ ! -x "$DATAOPS_ROOT/.tools/bin/databricks" ] || [ ! -x "$DATAOPS_ROOT/.tools/venv/bin/python" ]; then
  echo "tools-env.sh: tools missing; run $DATAOPS_ROOT/scripts/install-test-tools.sh" >&2
fi
