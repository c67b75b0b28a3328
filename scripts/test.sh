#!/usr/bin/env bash
# `npm test` — every test tier behind one command, on a machine that has never seen the
# project (Debian 12, node 20, root or sudo; reaches only the npm registry and apt):
#
#   setup   apt packages when missing (Chromium, code-server's build deps, linux-source-*),
#           npm ci, the kernel trees (scripts/kernel-trees.sh), code-server
#           (scripts/setup-code-server.sh), the build (node esbuild.mjs --tests)
#   tier 0  static: typecheck, lint, format check, build — one test each
#   tier 1  unit: mocha on node (test/unit)
#   tier 2  real VS Code: VSIX packaged (and ≤ 1 MB), installed into a fresh code-server on
#           127.0.0.1; (a) mocha suites in its extension host, (b) UI end to end in Chromium
#   tier 3  oracle: the quick real-kernel cases, one QEMU TCG boot per kernel (oracle/driver/quick.ts)
#
# Ends with one line `N passed, N failed` summing all tiers; exits non-zero if anything
# failed. Artifacts (screenshots, logs, results JSON) land in .artifacts/.
# Env: MMU_LENS_CACHE (cache folder, default ~/.cache/mmu-notifier-lens),
#      MMU_LENS_TIERS (default "static unit vscode oracle"), MMU_LENS_FORCE_NPM_CI=1, MMU_LENS_KEEP=1.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
REPO=$(pwd)
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh

ART="$REPO/.artifacts"
TIERS=" ${MMU_LENS_TIERS:-static unit vscode oracle} "
PASSED=0
FAILED=0
TIER_LINES=()
PID_FILE="$ART/vscode/pids.json"
ORACLE_PID_FILE="$ART/oracle/qemu.pid"
T_ALL=$(now_s)

# Backstop: should the harness die without stopping code-server, end its process group.
KT_PID=""
cleanup() {
  [ -n "$KT_PID" ] && kill "$KT_PID" 2>/dev/null
  if [ -f "$ORACLE_PID_FILE" ]; then
    kill -KILL -- "-$(cat "$ORACLE_PID_FILE")" 2>/dev/null
    rm -f "$ORACLE_PID_FILE"
  fi
  if [ -f "$PID_FILE" ]; then
    pg=$(node -e 'try{console.log(require(process.argv[1]).codeServerPgid||"")}catch{}' "$PID_FILE" 2>/dev/null)
    [ -n "$pg" ] && kill -KILL -- "-$pg" 2>/dev/null
    rm -f "$PID_FILE"
  fi
  return 0
}
trap cleanup EXIT

# tier_done NAME PASSED FAILED START
tier_done() {
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  TIER_LINES+=("$(printf '  %-16s %3d passed  %3d failed  %8s' "$1" "$2" "$3" "$(elapsed "$4")")")
  log "tier $1: $2 passed, $3 failed in $(elapsed "$4")"
}

finish() {
  echo
  echo "== summary ($(elapsed "$T_ALL") in all; artifacts in $ART)"
  printf '%s\n' "${TIER_LINES[@]}"
  echo
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
  exit
}

# counts FILE -> "PASSED FAILED" from one TierResult JSON or an array of them ("" if unreadable)
counts() {
  node -e '
    try {
      const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const a = Array.isArray(v) ? v : [v];
      console.log(a.reduce((s, r) => s + r.passed, 0), a.reduce((s, r) => s + r.failed, 0));
    } catch { console.log(""); }' "$1"
}

mkdir -p "$ART"
rm -f "$ART"/*.json

# ── setup: failures here are fatal (nothing meaningful can run) ──────────────────────────
t=$(now_s)
setup_fail() {
  echo "setup failed: $*" >&2
  tier_done setup 0 1 "$t"
  finish
}
log "setup (cache: $MMU_LENS_CACHE)"
ensure_apt "${CODE_SERVER_APT_DEPS[@]}" linux-source-6.12 linux-source-6.1 xz-utils patch || setup_fail "apt packages"
# The kernel trees unpack (xz, one core) while npm and code-server install.
mkdir -p "$ART"
bash scripts/kernel-trees.sh >"$ART/kernel-trees.log" 2>&1 &
KT_PID=$!
npm_install_repo || setup_fail "npm ci"
CODE_SERVER=$(bash scripts/setup-code-server.sh | tail -n 1) || setup_fail "code-server install (scripts/setup-code-server.sh)"
wait "$KT_PID" || {
  cat "$ART/kernel-trees.log" >&2
  setup_fail "kernel trees (scripts/kernel-trees.sh)"
}
KT_PID=""
cat "$ART/kernel-trees.log"
KERNEL_612="$MMU_LENS_CACHE/linux-6.12"
[ -f "$KERNEL_612/mm/mprotect.c" ] || setup_fail "$KERNEL_612/mm/mprotect.c missing"
log "setup done in $(elapsed "$t")"

# ── tier 0: static checks, one test each ────────────────────────────────────────────────
BUILD_OK=0
if [[ $TIERS == *" static "* || $TIERS == *" vscode "* ]]; then
  t=$(now_s)
  p=0 f=0
  steps=(build)
  [[ $TIERS == *" static "* ]] && steps=(typecheck lint format:check build)
  for step in "${steps[@]}"; do
    ts=$(now_s)
    if [ "$step" = build ]; then
      cmd=(node esbuild.mjs --tests)
    else
      cmd=(npm run -s "$step")
    fi
    if "${cmd[@]}"; then
      p=$((p + 1))
      log "  ✓ $step ($(elapsed "$ts"))"
      [ "$step" = build ] && BUILD_OK=1
    else
      f=$((f + 1))
      log "  ✗ $step ($(elapsed "$ts")): fix with the output above (${cmd[*]})"
    fi
  done
  tier_done static "$p" "$f" "$t"
fi

# ── tier 1: unit tests (mocha + tsx on test/unit) ───────────────────────────────────────
if [[ $TIERS == *" unit "* ]]; then
  t=$(now_s)
  log "unit tier: mocha"
  timeout --kill-after=30s 15m npx mocha \
    --reporter test/integration/shared/summaryReporter.ts \
    --reporter-option output="$ART/unit.json" --reporter-option tier=unit
  rc=$?
  read -r p f <<<"$(counts "$ART/unit.json")"
  if [ -z "${p:-}" ]; then
    p=0 f=1
    log "  ✗ mocha exited $rc without reporting results"
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    log "  ✗ mocha exited $rc"
  fi
  tier_done unit "$p" "$f" "$t"
fi

# ── tier 2: the real VS Code (code-server + Chromium) ───────────────────────────────────
if [[ $TIERS == *" vscode "* ]]; then
  t=$(now_s)
  p=0 f=0
  mkdir -p "$ART/vscode"
  if [ "$BUILD_OK" != 1 ]; then
    log "  ✗ real VS Code tier not run: the build failed"
    f=1
  else
    version=$(node -p 'require("./package.json").version')
    VSIX="$ART/vscode/mmu-notifier-lens-$version.vsix"
    rm -f "$VSIX"
    ts=$(now_s)
    if npx vsce package --no-dependencies --no-rewrite-relative-links --out "$VSIX" </dev/null; then
      p=$((p + 1))
      size=$(stat -c %s "$VSIX")
      log "  ✓ VSIX packaged: $VSIX, $((size / 1024)) KiB ($(elapsed "$ts"))"
      if [ "$size" -le $((1024 * 1024)) ]; then
        p=$((p + 1))
        log "  ✓ VSIX ≤ 1 MiB"
      else
        f=$((f + 1))
        log "  ✗ VSIX is $((size / 1024)) KiB > 1 MiB: check .vscodeignore (npx vsce ls)"
      fi
      keep=()
      [ "${MMU_LENS_KEEP:-0}" = 1 ] && keep=(--keep)
      MMU_LENS_PID_FILE="$PID_FILE" timeout --kill-after=30s 20m node dist/test/integration/run.js \
        --code-server "$CODE_SERVER" --vsix "$VSIX" --workspace "$KERNEL_612" --artifacts "$ART" "${keep[@]}"
      rc=$?
      read -r p2 f2 <<<"$(counts "$ART/vscode/summary.json")"
      if [ -z "${p2:-}" ]; then
        p2=0 f2=1
        log "  ✗ the real-VS-Code harness exited $rc without a summary"
      elif [ "$rc" -ne 0 ] && [ "$f2" -eq 0 ]; then
        f2=1
        log "  ✗ the real-VS-Code harness exited $rc"
      fi
      p=$((p + p2)) f=$((f + f2))
    else
      f=$((f + 1))
      log "  ✗ vsce package failed (see above)"
    fi
  fi
  tier_done vscode "$p" "$f" "$t"
fi

# ── tier 3: the real kernels (Debian 6.1 and 6.12 in QEMU TCG; oracle/README.md) ───────────
if [[ $TIERS == *" oracle "* ]]; then
  t=$(now_s)
  log "oracle tier: the quick cases on Debian's 6.1 and 6.12 kernels (QEMU TCG, a few minutes)"
  mkdir -p "$ART/oracle"
  ORACLE_QEMU_PIDFILE="$ORACLE_PID_FILE" timeout --kill-after=30s 25m npx tsx oracle/driver/quick.ts
  rc=$?
  read -r p f <<<"$(counts "$ART/oracle.json")"
  if [ -z "${p:-}" ]; then
    p=0 f=1
    log "  ✗ the oracle tier exited $rc without results (see its output above)"
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    log "  ✗ the oracle tier exited $rc"
  fi
  tier_done oracle "$p" "$f" "$t"
fi

finish
