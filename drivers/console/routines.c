/*
 * The routines of console.defs. The generated stubs have checked the
 * messages' shapes (sizes, counts, the listener's descriptor); what is left
 * to check is what the rights are.
 */
#include "drivers/console/consoleServer.h"
#include "drivers/console/driver.h"
#include "drivers/console/input.h"

kern_return_t do_console_write(mach_port_t device, const uint8_t *data,
                               mach_msg_type_number_t dataCnt, uint32_t *written)
{
	(void)device;
	*written = (uint32_t)pl011_write(&driver_uart, data, dataCnt);
	return KERN_SUCCESS;
}

kern_return_t do_console_listen(mach_port_t device, mach_port_t listener)
{
	(void)device;
	/*
	 * A listener must be a live port, and not the service itself: input sent
	 * there would come back to the driver as requests it cannot answer.
	 */
	if (!MACH_PORT_VALID(listener) || listener == driver_service)
		return KERN_INVALID_RIGHT;
	input_listen(listener);
	return KERN_SUCCESS;
}
