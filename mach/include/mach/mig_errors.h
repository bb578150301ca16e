/*
 * MIG's error codes, with XNU's values from <mach/mig_errors.h>. Generated
 * server stubs answer these in a mig_reply_error_t (see mach/message.h);
 * generated client stubs return them.
 */
#ifndef _MACH_MIG_ERRORS_H_
#define _MACH_MIG_ERRORS_H_

#include "mach/message.h"

#define MIG_TYPE_ERROR      (-300) /* a reply of the wrong shape */
#define MIG_REPLY_MISMATCH  (-301) /* a reply with the wrong id */
#define MIG_REMOTE_ERROR    (-302)
#define MIG_BAD_ID          (-303) /* no routine has the request's id */
#define MIG_BAD_ARGUMENTS   (-304) /* a request of the wrong shape */
#define MIG_NO_REPLY        (-305) /* the server answers later, or never */
#define MIG_EXCEPTION       (-306)
#define MIG_ARRAY_TOO_LARGE (-307) /* an array does not fit where it must go */
#define MIG_SERVER_DIED     (-308) /* the reply right died unanswered */
#define MIG_TRAILER_ERROR   (-309) /* the request lacks the trailer asked for */

#endif
