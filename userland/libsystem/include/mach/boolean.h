/* TRUE and FALSE for boolean_t (<mach/std_types.h>), as XNU's <mach/boolean.h> has them. */
#ifndef _MACH_BOOLEAN_H_
#define _MACH_BOOLEAN_H_

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#endif
