#!/usr/bin/env bash
# Unpack the Debian linux-source tarballs (6.1 and 6.12) into a cache folder outside
# the clone, for the source-analysis unit tests and benchmarks.
#
#   bash scripts/kernel-trees.sh            # both trees
#   bash scripts/kernel-trees.sh 6.12       # just one
#
# Trees land in ${MMU_LENS_CACHE:-$HOME/.cache/mmu-notifier-lens}/linux-<ver>; a stamp
# file (.mmu-lens-unpacked) makes reruns a no-op. When a tarball is missing, the
# script apt-installs linux-source-<ver> (and xz-utils), running `apt-get update` only then;
# likewise ripgrep when `rg` is missing (the coverage test and the bench use it).
# Tests read the same default path (test/unit/kernelTrees.ts).
set -euo pipefail

CACHE="${MMU_LENS_CACHE:-$HOME/.cache/mmu-notifier-lens}"
VERSIONS=("$@")
[ ${#VERSIONS[@]} -eq 0 ] && VERSIONS=(6.12 6.1)

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
apt_updated=0

ensure_pkg() { # ensure_pkg PACKAGE...
  if [ $apt_updated = 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

# The coverage test and the bench compare with ripgrep.
if ! command -v rg >/dev/null 2>&1; then
  echo "kernel-trees: rg missing; installing ripgrep"
  ensure_pkg ripgrep
fi

mkdir -p "$CACHE"
for ver in "${VERSIONS[@]}"; do
  dest="$CACHE/linux-$ver"
  stamp="$dest/.mmu-lens-unpacked"
  if [ -f "$stamp" ]; then
    echo "kernel-trees: $dest already unpacked (stamp present)"
    continue
  fi
  tarball="/usr/src/linux-source-$ver.tar.xz"
  if [ ! -f "$tarball" ]; then
    echo "kernel-trees: $tarball missing; installing linux-source-$ver"
    ensure_pkg "linux-source-$ver" xz-utils
  fi
  if ! command -v xz >/dev/null 2>&1; then ensure_pkg xz-utils; fi
  [ -f "$tarball" ] || { echo "kernel-trees: $tarball still missing after apt-get" >&2; exit 1; }
  echo "kernel-trees: unpacking $tarball -> $dest"
  tmp="$dest.partial.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # The tarball holds one top folder (linux-source-<ver>/); strip it.
  tar -xJf "$tarball" -C "$tmp" --strip-components=1
  rm -rf "$dest"
  mv "$tmp" "$dest"
  date -u +%FT%TZ >"$stamp"
done
