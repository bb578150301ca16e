#ifndef VM_VM_MAP_FORK_H
#define VM_VM_MAP_FORK_H

#include "vm/vm_map.h"

/*
 * A new map holding what `parent` passes on by its entries' inheritance (see
 * vm_map_fork.c), or NULL when memory is exhausted. Takes the parent's lock.
 */
struct vm_map *vm_map_fork(struct vm_map *parent);

#endif
