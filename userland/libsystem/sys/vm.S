/*
 * Memory mappings (<sys/mman.h>): XNU's numbers. A failed mmap returns -1,
 * which is MAP_FAILED.
 */
#include "sys/bsd_call.h"

BSD_CALL munmap, 73
BSD_CALL mprotect, 74
BSD_CALL mmap, 197
