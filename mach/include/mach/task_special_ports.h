/* task_get/set_special_port slots, as XNU's <mach/task_special_ports.h> numbers them. */
#ifndef _MACH_TASK_SPECIAL_PORTS_H_
#define _MACH_TASK_SPECIAL_PORTS_H_

#define TASK_KERNEL_PORT    1 /* the task's own port; read-only */
#define TASK_HOST_PORT      2 /* what mach_host_self returns: host or host_priv */
#define TASK_NAME_PORT      3
#define TASK_BOOTSTRAP_PORT 4 /* the name service it looks services up in */

#endif
