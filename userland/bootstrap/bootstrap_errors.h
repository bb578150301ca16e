/*
 * The bootstrap name service's error codes (bootstrap.defs), with the values
 * macOS's <servers/bootstrap.h> gives them, and the longest service name.
 */
#ifndef USERLAND_BOOTSTRAP_BOOTSTRAP_ERRORS_H
#define USERLAND_BOOTSTRAP_BOOTSTRAP_ERRORS_H

#define BOOTSTRAP_SUCCESS         0
#define BOOTSTRAP_NOT_PRIVILEGED  1100 /* the service belongs to another server */
#define BOOTSTRAP_NAME_IN_USE     1101 /* register: the name is taken */
#define BOOTSTRAP_UNKNOWN_SERVICE 1102 /* no service has the name, or the name is malformed */
#define BOOTSTRAP_SERVICE_ACTIVE  1103 /* check-in: the server holds the right already */
#define BOOTSTRAP_NO_MEMORY       1105 /* the service table is full */

/* Longest service name, without its NUL (the .defs type is c_string[*:128]). */
#define BOOTSTRAP_NAME_MAX 127

#endif
