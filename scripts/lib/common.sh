# Shared helpers for the project's shell scripts (sourced, not run).
#   MMU_LENS_CACHE   cache folder outside the clone (code-server install, kernel trees)
#                    default: $HOME/.cache/mmu-notifier-lens
# shellcheck shell=bash disable=SC2034  # variables used by the scripts that source this

MMU_LENS_CACHE=${MMU_LENS_CACHE:-${HOME:-/root}/.cache/mmu-notifier-lens}
export MMU_LENS_CACHE
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_DIR="$MMU_LENS_CACHE/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/.bin/code-server"

# Quiet, reproducible npm everywhere.
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_progress=false

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

now_s() { date +%s.%N; }
# elapsed START -> "12.3s"
elapsed() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1fs", b - a }'; }

# Run as root, or through sudo when available.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) for: $*"
  fi
}

# ensure_apt PKG...: install the Debian packages that are not installed yet.
# Runs `apt-get update` first, and only when something is missing.
ensure_apt() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get: install them by hand"
  log "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What code-server needs to build (native modules) and run, plus the browser the tests drive.
CODE_SERVER_APT_DEPS=(build-essential python3 pkg-config curl unzip libkrb5-dev libxkbfile-dev
  libsecret-1-dev libx11-dev ripgrep chromium)

# npm_install_repo: `npm ci` from the lock file (`npm install` only when there is none).
# Skipped when node_modules was installed from the same lock file by this function before
# (a stamp in node_modules); MMU_LENS_FORCE_NPM_CI=1 forces it.
npm_install_repo() {
  local stamp=node_modules/.mmu-lens-lock.sha256 sum
  if [ ! -f package-lock.json ]; then
    log "npm install (no package-lock.json)"
    npm install --no-audit --no-fund
    return
  fi
  sum=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "${MMU_LENS_FORCE_NPM_CI:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    log "npm ci: node_modules already matches package-lock.json (MMU_LENS_FORCE_NPM_CI=1 to force)"
    return
  fi
  log "npm ci"
  npm ci --no-audit --no-fund
  echo "$sum" >"$stamp"
}
