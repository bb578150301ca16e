/* C types of the test interface's scalar .defs types (imported by the generated code). */
#ifndef MIGTEST_TYPES_H
#define MIGTEST_TYPES_H

#include <stdint.h>

typedef int16_t small_t;

typedef struct {
	int32_t x;
	int32_t y;
} point_t;

#endif
