/*
 * The Network Data Representation record MIG messages carry after their
 * descriptors, as XNU's <mach/ndr.h> lays it out (8 bytes). Tessera is
 * little-endian arm64 only, so every message carries the same record and
 * receivers do not convert.
 */
#ifndef _MACH_NDR_H_
#define _MACH_NDR_H_

typedef struct {
	unsigned char mig_vers;
	unsigned char if_vers;
	unsigned char reserved1;
	unsigned char mig_encoding;
	unsigned char int_rep;
	unsigned char char_rep;
	unsigned char float_rep;
	unsigned char reserved2;
} NDR_record_t;

#define NDR_PROTOCOL_2_0      0
#define NDR_INT_BIG_ENDIAN    0
#define NDR_INT_LITTLE_ENDIAN 1
#define NDR_FLOAT_IEEE        0
#define NDR_CHAR_ASCII        0

/* The record of this machine: little-endian integers, ASCII, IEEE floats. */
#define NDR_RECORD_NATIVE                                                                          \
	((NDR_record_t){NDR_PROTOCOL_2_0, 0, 0, 0, NDR_INT_LITTLE_ENDIAN, NDR_CHAR_ASCII,          \
	                NDR_FLOAT_IEEE, 0})

#endif
