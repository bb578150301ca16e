/*
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial, reflected 0xEDB88320), used to
 * fingerprint boot-volume files so tests can compare them with the host's copy.
 */
#ifndef LIBKERN_CRC32_H
#define LIBKERN_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continues a CRC: start with crc = 0; equal to zlib's crc32(crc, buf, len). */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

#endif
