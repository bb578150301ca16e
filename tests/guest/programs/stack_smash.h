/* stack_smash (stack_smash.c): a function whose return fails the stack check. */
#ifndef TESTS_GUEST_PROGRAMS_STACK_SMASH_H
#define TESTS_GUEST_PROGRAMS_STACK_SMASH_H

void stack_smash(int n);

#endif
