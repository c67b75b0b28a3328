#!/usr/bin/env bash
# Try the extension in a browser: a local code-server (VS Code 1.100 from npm) on 127.0.0.1
# with the VSIX installed and the Linux 6.12 tree open. Stops with Ctrl+C.
#
#   bash scripts/serve.sh [--port N] [--folder DIR] [--vsix FILE]
#
# Installs what it needs (code-server into the cache folder, the kernel tree) and builds and
# packages the VSIX when none is given. Its profile lives in $MMU_LENS_CACHE/serve-profile
# (kept between runs, so settings and opened files persist); nothing listens beyond 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh

port=8080
folder=""
vsix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --folder) folder=$2; shift 2 ;;
    --vsix) vsix=$2; shift 2 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

code_server=$(bash scripts/setup-code-server.sh | tail -n 1)
if [ -z "$folder" ]; then
  bash scripts/kernel-trees.sh 6.12
  folder="$MMU_LENS_CACHE/linux-6.12"
fi
[ -d "$folder" ] || die "no folder $folder"
if [ -z "$vsix" ]; then
  npm_install_repo
  node esbuild.mjs --production
  version=$(node -p 'require("./package.json").version')
  vsix="mmu-notifier-lens-$version.vsix"
  npx vsce package --no-dependencies --no-rewrite-relative-links --out "$vsix" </dev/null >/dev/null
fi
vsix=$(cd "$(dirname "$vsix")" && pwd)/$(basename "$vsix")

profile="$MMU_LENS_CACHE/serve-profile"
mkdir -p "$profile/user-data/User" "$profile/extensions"
settings="$profile/user-data/User/settings.json"
[ -f "$settings" ] || cat >"$settings" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "security.workspace.trust.enabled": false,
  "files.watcherExclude": { "**": true }
}
JSON
common=(--user-data-dir "$profile/user-data" --extensions-dir "$profile/extensions")
"$code_server" "${common[@]}" --install-extension "$vsix" --force >/dev/null
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$profile/config.yaml"

echo
echo "Open http://127.0.0.1:$port/?folder=$folder"
echo "  (then mm/mprotect.c: Ctrl+P, type mm/mprotect.c; click a \"▶ Simulate\" lens). Ctrl+C stops."
echo
exec "$code_server" --config "$profile/config.yaml" "${common[@]}" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$folder"
