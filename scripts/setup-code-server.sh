#!/usr/bin/env bash
# Install code-server (a real VS Code, 1.100.3, from the npm registry) into the cache folder
# outside the clone, once; later runs reuse it. Also installs the Debian packages it needs to
# build and that the tests use (Chromium), only when missing.
#
#   bash scripts/setup-code-server.sh        # prints the code-server binary's path on stdout
#                                            # (progress goes to stderr)
#
# Env: MMU_LENS_CACHE (default ~/.cache/mmu-notifier-lens). Needs only the npm registry and
# Debian's apt: nothing is downloaded from anywhere else (see the ripgrep note below).
set -euo pipefail
exec 3>&1 1>&2 # stdout carries only the binary's path
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh

ensure_apt "${CODE_SERVER_APT_DEPS[@]}"

stamp="$CODE_SERVER_DIR/.installed"
mkdir -p "$MMU_LENS_CACHE"
# One installer at a time (several clones may share the cache).
exec 9>"$CODE_SERVER_DIR.lock"
flock 9

if [ -f "$stamp" ] && [ -x "$CODE_SERVER_BIN" ]; then
  log "code-server $CODE_SERVER_VERSION: cached in $CODE_SERVER_DIR"
else
  t=$(now_s)
  log "code-server $CODE_SERVER_VERSION: installing into $CODE_SERVER_DIR (about a minute)"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"

  # @vscode/ripgrep (a dependency of code-server's lib/vscode) downloads rg from GitHub in its
  # postinstall unless its cache already holds the archive: build that archive from Debian's rg.
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) die "no ripgrep target known for $(uname -m)" ;;
  esac
  rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  rg_tmp=$(mktemp -d)
  cp "$(command -v rg)" "$rg_tmp/rg"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-$rg_target.tar.gz" -C "$rg_tmp" rg
  rm -rf "$rg_tmp"

  # unsafe_perm: code-server's postinstall aborts as root otherwise.
  # nodedir: node-gyp uses the local headers (/usr/include/node) instead of downloading them.
  # yes: a nested npx in the postinstall must not prompt.
  node_prefix=$(dirname "$(dirname "$(command -v node)")")
  [ -f "$node_prefix/include/node/node.h" ] || die "node headers not found under $node_prefix/include/node (needed to build code-server's native modules)"
  echo '{ "private": true }' >"$CODE_SERVER_DIR/package.json"
  (
    cd "$CODE_SERVER_DIR"
    npm_config_unsafe_perm=true npm_config_nodedir="$node_prefix" npm_config_yes=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >install.log 2>&1
  ) || {
    tail -n 40 "$CODE_SERVER_DIR/install.log" >&2
    die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $CODE_SERVER_DIR/install.log)"
  }
  # The postinstall installs lib/vscode's own dependencies; without them nothing starts.
  [ -d "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/node_modules" ] ||
    die "code-server's postinstall did not run (lib/vscode/node_modules missing); see $CODE_SERVER_DIR/install.log"
  # `--version` would write ~/.config/code-server/config.yaml: point it at a throwaway config.
  "$CODE_SERVER_BIN" --config "$CODE_SERVER_DIR/version-check.yaml" --version >/dev/null ||
    die "code-server does not start; see $CODE_SERVER_DIR/install.log"
  touch "$stamp"
  log "code-server $CODE_SERVER_VERSION: installed in $(elapsed "$t")"
fi
echo "$CODE_SERVER_BIN" >&3
