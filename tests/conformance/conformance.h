/*
 * The C conformance program: each area (conf_printf, conf_scanf, ...) prints
 * deterministic lines that must be byte-for-byte the same whichever C library
 * runs it: glibc on the host, libSystem on the host (renamed, see BUILD) and
 * libSystem on Tessera. Every line starts with the area's name, so a
 * difference names its case. The program uses only what C, POSIX and macOS
 * define and glibc agrees with; each area's file names what it leaves out.
 */
#ifndef TESTS_CONFORMANCE_CONFORMANCE_H
#define TESTS_CONFORMANCE_CONFORMANCE_H

#include <stddef.h>
#include <stdint.h>

/* xorshift64: the same sequence on every platform, restarted by conf_seed. */
void conf_seed(uint64_t seed);
uint64_t conf_random(void);

/* FNV-1a over n bytes, continuing from h (start with CONF_HASH_INIT). */
#define CONF_HASH_INIT 14695981039346656037ULL
uint64_t conf_hash(uint64_t h, const void *p, size_t n);
uint64_t conf_hash_str(uint64_t h, const char *s);

/* A double's bits and back, without any library function. */
uint64_t conf_bits(double d);
double conf_double(uint64_t bits);

/* Prints s (up to n bytes or its NUL) with control and non-ASCII bytes as \xNN,
 * so that every output line stays one line. */
void conf_print_escaped(const char *s, size_t n);

void conf_printf(void);
void conf_scanf(void);
void conf_strtod(void);
void conf_strtol(void);
void conf_sort(void);
void conf_string(void);
void conf_ctype(void);
void conf_malloc(void);
void conf_environ(void);
void conf_stdlib(void);
void conf_time(void);

#endif
