/*
 * <dlfcn.h> for Tessera's libSystem: dlopen and friends with macOS's
 * constants and Dl_info. libSystem forwards each call to dyld through the
 * table dyld fills in at load time (userland/dyld/dyld_libsystem.h); in a
 * process dyld did not start, they fail and dlerror says why.
 */
#ifndef _DLFCN_H_
#define _DLFCN_H_

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dl_info {
	const char *dli_fname; /* path of the image holding the address */
	void *dli_fbase;       /* where that image is loaded */
	const char *dli_sname; /* nearest symbol at or below the address, or NULL */
	void *dli_saddr;       /* its address */
} Dl_info;

#define RTLD_LAZY     0x1
#define RTLD_NOW      0x2
#define RTLD_LOCAL    0x4
#define RTLD_GLOBAL   0x8
#define RTLD_NOLOAD   0x10
#define RTLD_NODELETE 0x80
#define RTLD_FIRST    0x100

#define RTLD_NEXT      ((void *)-1)
#define RTLD_DEFAULT   ((void *)-2)
#define RTLD_SELF      ((void *)-3)
#define RTLD_MAIN_ONLY ((void *)-5)

void *dlopen(const char *path, int mode);
void *dlsym(void *restrict handle, const char *restrict symbol);
int dladdr(const void *address, Dl_info *info);
int dlclose(void *handle);
char *dlerror(void);

#ifdef __cplusplus
}
#endif

#endif
