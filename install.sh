#!/bin/sh
# Installs the dataops binary from its GitHub release:
#   curl -fsSL https://raw.githubusercontent.com/dataops-platform/dataops/main/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --force
#   curl -fsSL .../install.sh | sh -s -- --with-duckdb
#
# Settings (environment):
#   DATAOPS_VERSION       version to install, 1.2.3 or v1.2.3 (default: latest)
#   DATAOPS_INSTALL_DIR   where to put the binary (default: ~/.local/bin)
#   DATAOPS_WITH_DUCKDB   1 (or --with-duckdb): also install DuckDB, which `dataops local` needs for SQL,
#                         into <install dir>/../lib/dataops/duckdb
#   DATAOPS_DOWNLOAD_URL  replaces https://github.com/dataops-platform/dataops/releases; beneath it GitHub's
#                         layout: download/v<version>/<asset> and latest/download/<asset>, SHA256SUMS beside
#   GITHUB_TOKEN          sent to github.com downloads when set (avoids rate limits on shared runners)
#
# Everything runs inside main, called on the last line: a truncated download of this
# script defines functions but runs nothing.
set -eu

DEFAULT_DOWNLOAD_URL="https://github.com/dataops-platform/dataops/releases"

say() { printf '%s\n' "dataops-install: $*" >&2; }
die() { say "error: $*"; exit 1; }

detect_os() {
  case "$(uname -s)" in
    Linux) echo linux ;;
    Darwin) echo darwin ;;
    *) die "unsupported operating system $(uname -s): dataops ships for linux and darwin" ;;
  esac
}

detect_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported architecture $(uname -m): dataops ships for x64 and arm64" ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    die "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

# is_version TEXT: latest, or a SemVer 2.0 version with an optional leading v. Anything else
# would become part of the download URL (x/../../latest/download).
is_version() {
  [ "$1" = latest ] && return 0
  # One line only: grep looks at each line on its own.
  [ "$(printf '%s' "$1" | wc -l)" -eq 0 ] || return 1
  ident='(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)'
  printf '%s' "$1" | grep -Eqx "v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-$ident(\.$ident)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?"
}

# download URL FILE: fails on HTTP errors and on short transfers.
download() {
  url=$1
  out=$2
  case "$url" in
    https://github.com/* | https://api.github.com/*) token=${GITHUB_TOKEN:-} ;;
    *) token="" ;;
  esac
  if command -v curl >/dev/null 2>&1; then
    if [ -n "$token" ]; then
      curl -fsSL --retry 3 -H "Authorization: Bearer $token" -o "$out" "$url"
    else
      curl -fsSL --retry 3 -o "$out" "$url"
    fi
  elif command -v wget >/dev/null 2>&1; then
    if [ -n "$token" ]; then
      wget -q --header="Authorization: Bearer $token" -O "$out" "$url"
    else
      wget -q -O "$out" "$url"
    fi
  else
    die "neither curl nor wget is installed"
  fi
}

# fetch_verified ASSET FILE: downloads a release asset and checks it against SHA256SUMS (in $tmp).
fetch_verified() {
  download "$release_url/$1" "$2" || die "could not download $release_url/$1"
  expected=$(awk -v a="$1" '$2 == a || $2 == "*" a { print $1; exit }' "$tmp/SHA256SUMS")
  [ -n "$expected" ] || die "SHA256SUMS has no entry for $1: refusing to install an unverified download"
  actual=$(sha256_of "$2")
  [ "$expected" = "$actual" ] || die "checksum mismatch for $1 (expected $expected, got $actual): the download is corrupt or tampered with"
}

# unpack ARCHIVE DIR ENTRY: extracts a verified .tar.xz into DIR, which must then hold ENTRY.
unpack() {
  tar -xJf "$1" -C "$2" || die "could not unpack $(basename "$1") (tar needs xz: install xz-utils)"
  [ -e "$2/$3" ] || die "$(basename "$1") holds no $3"
}

# duckdb_in_place: true unless DuckDB was asked for and is not installed.
duckdb_in_place() {
  [ "$with_duckdb" -eq 0 ] || [ -f "$lib/duckdb/VERSION" ]
}

# installed_version BINARY: prints the version a binary reports, or nothing.
installed_version() {
  if [ -x "$1" ]; then
    "$1" --version 2>/dev/null | head -n 1 || true
  fi
}

main() {
  force=0
  with_duckdb=0
  [ "${DATAOPS_WITH_DUCKDB:-0}" = 1 ] && with_duckdb=1
  for arg in "$@"; do
    case "$arg" in
      --force) force=1 ;;
      --with-duckdb) with_duckdb=1 ;;
      -h | --help)
        sed -n '2,17p' "$0" 2>/dev/null || true
        return 0
        ;;
      *) die "unknown option $arg (accepted: --force, --with-duckdb)" ;;
    esac
  done

  os=$(detect_os)
  arch=$(detect_arch)
  platform="$os-$arch"
  asset="dataops-$platform.tar.xz"
  duckdb_asset="dataops-duckdb-$platform.tar.xz"
  base=${DATAOPS_DOWNLOAD_URL:-$DEFAULT_DOWNLOAD_URL}
  base=${base%/}
  dir=${DATAOPS_INSTALL_DIR:-$HOME/.local/bin}
  target="$dir/dataops"
  lib="$(dirname "$dir")/lib/dataops"

  version=${DATAOPS_VERSION:-latest}
  is_version "$version" || die "DATAOPS_VERSION must be latest or a version such as 1.2.3 or v1.2.3, not '$version'"
  version=${version#v}
  if [ "$version" = latest ]; then
    release_url="$base/latest/download"
  else
    release_url="$base/download/v$version"
    if [ "$force" -eq 0 ] && [ "$(installed_version "$target")" = "$version" ] && duckdb_in_place; then
      say "dataops $version is already installed in $dir (use --force to reinstall)"
      return 0
    fi
  fi

  mkdir -p "$dir" 2>/dev/null || true
  if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
    die "$dir is not writable; run: sudo install -d -o \"\$(id -u)\" \"$dir\"   or set DATAOPS_INSTALL_DIR to a directory you own"
  fi

  # Temp files live in the target directory so the final rename is atomic (same file system).
  tmp=$(mktemp -d "$dir/.dataops.XXXXXX")
  staged=""
  trap 'rm -rf "$tmp" "$staged"' EXIT
  trap 'rm -rf "$tmp" "$staged"; exit 130' INT TERM HUP

  say "downloading $asset ($version) from $release_url"
  download "$release_url/SHA256SUMS" "$tmp/SHA256SUMS" || die "could not download $release_url/SHA256SUMS (does release v$version exist?)"
  fetch_verified "$asset" "$tmp/dataops.tar.xz"
  unpack "$tmp/dataops.tar.xz" "$tmp" dataops
  tmp_bin="$tmp/dataops"

  chmod 755 "$tmp_bin"
  new_version=$(installed_version "$tmp_bin")
  [ -n "$new_version" ] || die "the downloaded binary does not run on this machine ($os-$arch)"
  if [ "$force" -eq 0 ] && [ "$(installed_version "$target")" = "$new_version" ] && duckdb_in_place; then
    say "dataops $new_version is already installed in $dir (use --force to reinstall)"
    return 0
  fi
  if [ "$with_duckdb" -eq 1 ]; then
    fetch_verified "$duckdb_asset" "$tmp/duckdb.tar.xz"
    mkdir -p "$lib" 2>/dev/null || die "$lib cannot be created: set DATAOPS_INSTALL_DIR to a directory whose parent you own"
    staged=$(mktemp -d "$lib/.duckdb.XXXXXX")
    unpack "$tmp/duckdb.tar.xz" "$staged" duckdb
    rm -rf "$lib/duckdb"
    mv "$staged/duckdb" "$lib/duckdb"
    say "installed DuckDB for dataops local to $lib/duckdb"
  fi
  mv -f "$tmp_bin" "$target"

  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$dir" >>"$GITHUB_PATH"
  fi
  case ":$PATH:" in
    *":$dir:"*) ;;
    *) say "add $dir to your PATH: export PATH=\"$dir:\$PATH\"" ;;
  esac
  say "installed dataops $(installed_version "$target") to $target"
}

main "$@"
