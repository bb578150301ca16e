#!/bin/bash
# Builds a FAT volume image with mtools; run by the fat_image rule (fat_image.bzl).
#   fat_image.sh OUT SIZE_KB SECTOR_SIZE CLUSTER_SECTORS FAT32 [SRC DEST]...
# DEST is a path on the volume ("dir/file"); parent directories are created.
set -euo pipefail

out=$1 size_kb=$2 sector_size=$3 cluster_sectors=$4 fat32=$5
shift 5

# Skip mtools' drive-geometry sanity check (an image file has none) and stamp
# every entry with one fixed time, so the image depends only on its inputs.
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH=946684800 TZ=UTC

format=(-C -M "$sector_size" -T $((size_kb * 1024 / sector_size)) -N 7E55E4A0)
if [ "$cluster_sectors" != 0 ]; then
	format+=(-c "$cluster_sectors")
fi
if [ "$fat32" = 1 ]; then
	format+=(-F)
fi
mformat -i "$out" "${format[@]}" ::

declare -A made
while [ $# -gt 0 ]; do
	src=$1 dest=$2
	shift 2
	dir=
	IFS=/ read -ra parts <<<"$dest"
	for part in "${parts[@]:0:${#parts[@]}-1}"; do
		dir+=/$part
		if [ -z "${made[$dir]:-}" ]; then
			mmd -i "$out" "::$dir"
			made[$dir]=1
		fi
	done
	mcopy -i "$out" "$src" "::/$dest"
done
