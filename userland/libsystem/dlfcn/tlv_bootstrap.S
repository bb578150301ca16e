/*
 * _tlv_bootstrap: the thunk a thread-local variable's descriptor
 * ({ thunk, key, offset }) names until dyld rewrites it (the linker binds
 * every such descriptor to this symbol in libSystem). dyld puts
 * tessera_dyld_api.tlv_get_addr there instead (dyld/dyld_libsystem.h), so
 * this runs only for a descriptor dyld has not seen: it passes the
 * descriptor on to tlv_get_addr when dyld is there. Compiled code expects
 * the thunk to change no register but x0 (the variable's address) and the
 * scratch x16, x17; without dyld nothing can be returned and the process
 * ends with a message (dlfcn_tlv_missing, lazy_bind.c).
 */
	.text
	.globl	__tlv_bootstrap
	.p2align 2
__tlv_bootstrap:
	adrp	x16, _tessera_dyld_api@PAGE
	add	x16, x16, _tessera_dyld_api@PAGEOFF
	ldr	w17, [x16]			/* version */
	cmp	w17, #2				/* TESSERA_DYLD_API_VERSION */
	b.ne	1f
	ldr	x16, [x16, #56]			/* tlv_get_addr */
	cbz	x16, 1f
	br	x16
1:	b	_dlfcn_tlv_missing
