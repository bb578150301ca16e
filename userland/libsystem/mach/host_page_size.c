/* host_page_size (<mach/mach_init.h>): the kernel's page size, asked of the host port. */
#include <mach/mach.h>

kern_return_t host_page_size(host_t host, vm_size_t *out_page_size)
{
	return _host_page_size(host, out_page_size);
}
