#!/usr/bin/env bash
# oracle/scripts/setup.sh — everything the real-kernel harness needs on the host, idempotent:
#   1. apt packages (qemu-system-x86, cpio, gcc, libc6-dev, busybox-static, xz-utils); `apt-get update`
#      first only when one is missing;
#   2. the two Debian kernel images pinned in oracle/kernels.json, downloaded (`apt-get download`) and
#      unpacked (`dpkg-deb -x`) into $MMU_LENS_CACHE/oracle/kernel-<series>/ — never installed; when a
#      pinned version is gone, the newest package matching the pin's `fallback` pattern, with a message;
#   3. the VMM test program (oracle/vmm/*.c, gcc -static) into $MMU_LENS_CACHE/oracle/oraclevmm.
# Prints one line per kernel on stdout: `<series> <package> <version> <vmlinuz> <modules dir> <uname -r>`.
# Everything else goes to stderr. Exits non-zero with the reason when a step fails.
set -euo pipefail
ORACLE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO=$(dirname "$ORACLE")
# shellcheck source=scripts/lib/common.sh
. "$REPO/scripts/lib/common.sh"
CACHE="$MMU_LENS_CACHE/oracle"
mkdir -p "$CACHE/debs"

ensure_apt qemu-system-x86 cpio gcc libc6-dev busybox-static xz-utils >&2 ||
  die "could not install the oracle's apt packages (qemu-system-x86 cpio gcc libc6-dev busybox-static xz-utils)"

# fetch SERIES PACKAGE VERSION FALLBACK_RE -> unpacked tree; prints the line described above
fetch() {
  local series=$1 pkg=$2 ver=$3 fallback=$4 dir="$CACHE/kernel-$1"
  if ! apt-cache madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$ver"; then
    local alt altver
    alt=$(apt-cache search --names-only "$fallback" 2>/dev/null | awk '{print $1}' | sort -V | tail -n 1)
    [ -n "$alt" ] || die "kernel $series: pinned $pkg $ver is not in apt and nothing matches $fallback (apt-get update? bookworm-security in sources?)"
    altver=$(apt-cache policy "$alt" | awk '/Candidate:/ {print $2}')
    log "kernel $series: pinned $pkg $ver is gone from apt; falling back to $alt $altver (update oracle/kernels.json)" >&2
    pkg=$alt ver=$altver
  fi
  local stamp="$dir/.package"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$pkg $ver" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    log "kernel $series: apt-get download $pkg=$ver" >&2
    (cd "$CACHE/debs" && apt-get download -q "$pkg=$ver" >&2) || die "apt-get download $pkg=$ver failed"
    local deb
    deb=$(ls "$CACHE/debs/${pkg}_"*.deb | head -n 1)
    dpkg-deb -x "$deb" "$dir" || die "dpkg-deb -x $deb failed"
    echo "$pkg $ver" >"$stamp"
  fi
  local uname vmlinuz
  uname=$(ls "$dir/lib/modules" | head -n 1)
  vmlinuz="$dir/boot/vmlinuz-$uname"
  [ -f "$vmlinuz" ] || die "kernel $series: $vmlinuz missing after unpacking $pkg"
  echo "$series $pkg $ver $vmlinuz $dir/lib/modules/$uname $uname"
}

while read -r series pkg ver fallback; do
  fetch "$series" "$pkg" "$ver" "$fallback"
done < <(node -e '
  for (const k of require(process.argv[1]).kernels) console.log(k.series, k.package, k.version, k.fallback);
' "$ORACLE/kernels.json")

# The VMM: rebuilt when any source is newer than the binary.
VMM="$CACHE/oraclevmm"
if [ ! -x "$VMM" ] || [ -n "$(find "$ORACLE/vmm" -newer "$VMM" -name '*.[ch]')" ]; then
  log "building oraclevmm (gcc -static)" >&2
  gcc -O2 -static -pthread -Wall -Wextra -Werror -o "$VMM.tmp" "$ORACLE"/vmm/*.c >&2 || die "gcc failed on oracle/vmm/*.c"
  mv "$VMM.tmp" "$VMM"
fi
