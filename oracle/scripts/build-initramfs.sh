#!/usr/bin/env bash
# build-initramfs.sh MODULES_DIR VMM CASES_TXT OUT.cpio.gz
# L2's initramfs: busybox (static, from busybox-static), /init (oracle/l2/init), the VMM, the case
# list, and the modules kvm_amd and zram need, with their dependencies (read from each module's
# "depends=" modinfo string; the packages ship no modules.dep). 6.12's .ko.xz are decompressed here.
set -euo pipefail
ORACLE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODDIR=$1 VMM=$2 CASES=$3 OUT=$4
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || { echo "build-initramfs: no static busybox (apt-get install busybox-static)" >&2; exit 1; }
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/oracle-initramfs.XXXXXX")
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT"/{bin,lib/modules,proc,sys,dev,tmp}
cp "$BUSYBOX" "$ROOT/bin/busybox"
cp "$ORACLE/l2/init" "$ROOT/init"
cp "$VMM" "$ROOT/oraclevmm"
cp "$CASES" "$ROOT/cases.txt"
chmod +x "$ROOT/init" "$ROOT/oraclevmm"

declare -A path_of=() done_=()
while IFS= read -r f; do
  n=${f##*/}; n=${n%.xz}; n=${n%.ko}; n=${n//-/_}
  path_of[$n]=$f
done < <(find "$MODDIR/kernel" -name '*.ko' -o -name '*.ko.xz')

order=()
add() { # add NAME: its dependencies first, then itself
  local n=${1//-/_} f tmp deps d
  [ -n "${done_[$n]:-}" ] && return 0
  done_[$n]=1
  f=${path_of[$n]:-}
  [ -n "$f" ] || { echo "build-initramfs: module $n not found under $MODDIR (built in?)" >&2; return 0; }
  tmp="$ROOT/lib/modules/$n.ko"
  case "$f" in *.xz) xz -dc "$f" >"$tmp" ;; *) cp "$f" "$tmp" ;; esac
  deps=$(strings -a "$tmp" | sed -n 's/^depends=//p' | head -n 1)
  for d in ${deps//,/ }; do add "$d"; done
  order+=("$n")
}
for m in kvm_amd zram; do add "$m"; done
printf '%s\n' "${order[@]}" >"$ROOT/modules.order"
(cd "$ROOT" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT"
echo "initramfs $OUT: $(du -k "$OUT" | cut -f1) KiB, modules: ${order[*]}" >&2
