#!/usr/bin/env bash
# One idempotent command that prepares a Debian 12 machine to build, run and test
# Tessera: installs every package the build needs and enables deb-src entries so
# the build can fetch pinned Debian source packages (lwIP, libfdt, ...).
set -euo pipefail

packages=(
	bazel-bootstrap bazel-skylib
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	clang-14 lld-14 llvm-14
	clang-16 lld-16 llvm-16
	qemu-system-arm
	mtools dosfstools e2fsprogs
	dpkg-dev device-tree-compiler
	gdb-multiarch python3 ca-certificates
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi

# deb-src entries mirror the machine's own deb entries, so no host name is
# written here: the build fetches sources from wherever this machine's apt does.
src_list=/etc/apt/sources.list.d/tessera-deb-src.sources
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
	tmp=$(mktemp)
	sed -e 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$tmp"
	if ! cmp -s "$tmp" "$src_list" 2>/dev/null; then
		$sudo install -m 0644 "$tmp" "$src_list"
	fi
	rm -f "$tmp"
elif [ -f /etc/apt/sources.list ] && ! grep -q '^deb-src' /etc/apt/sources.list; then
	grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
		$sudo tee /etc/apt/sources.list.d/tessera-deb-src.list >/dev/null
fi

$sudo apt-get update -qq
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: all build dependencies present"
