#!/usr/bin/env bash
# Every member of liblwip.a must be an arm64 Mach-O object, and the archive must
# define the stack's entry points (and not, say, be empty or built for the host).
set -euo pipefail
lib=$1
llvm=/usr/lib/llvm-16/bin

headers=$("$llvm/llvm-objdump" --macho --private-header "$lib")
members=$(grep -c 'MH_MAGIC_64' <<<"$headers" || true)
arm64=$(grep -c 'MH_MAGIC_64 *ARM64 .*OBJECT' <<<"$headers" || true)
if [ "$members" -lt 20 ] || [ "$members" -ne "$arm64" ]; then
	echo "FAIL: $members Mach-O members, $arm64 of them arm64 objects" >&2
	exit 1
fi

symbols=$("$llvm/llvm-nm" --defined-only "$lib")
for sym in _lwip_init _tcp_input _tcp_write _udp_sendto _pbuf_alloc _ip4_input _ip6_input \
	_etharp_output _dhcp_start _netif_add; do
	if ! grep -q " T $sym\$" <<<"$symbols"; then
		echo "FAIL: $sym is not defined in $lib" >&2
		exit 1
	fi
done
echo "PASS: $members arm64 Mach-O objects with lwIP's entry points"
