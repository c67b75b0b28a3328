#!/usr/bin/env bash
# `npm run main` — the README's first command: install, build, package the VSIX, run the
# default scenario headless and print its comparison table.
#
#   npm ci (from package-lock.json) -> node esbuild.mjs --production
#   -> mmu-notifier-lens-<version>.vsix in the repo root -> node dist/cli.js simulate
#
# Needs node 20 and npm (the npm registry); nothing from apt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/common.sh
. scripts/lib/common.sh
t0=$(now_s)

npm_install_repo

t=$(now_s)
log "build (production)"
node esbuild.mjs --production
log "build done in $(elapsed "$t")"

version=$(node -p 'require("./package.json").version')
vsix="mmu-notifier-lens-$version.vsix"
log "package $vsix"
rm -f "$vsix"
npx vsce package --no-dependencies --no-rewrite-relative-links --out "$vsix" </dev/null >/dev/null
size=$(stat -c %s "$vsix")
log "packaged $vsix ($((size / 1024)) KiB)"

[ -f dist/cli.js ] || die "dist/cli.js was not built (src/cli/main.ts)"
echo
log "default scenario, headless: node dist/cli.js simulate"
echo
node dist/cli.js simulate || die "the default scenario failed (node dist/cli.js simulate)"

cat <<MSG

Done in $(elapsed "$t0").
Install the extension into VS Code:
    code --install-extension $(pwd)/$vsix
Try it in a browser (code-server on 127.0.0.1 with the VSIX and Linux 6.12 open):
    bash scripts/serve.sh
The same simulations from the command line:
    npx mmu-notifier-lens presets      npx mmu-notifier-lens simulate --help
MSG
