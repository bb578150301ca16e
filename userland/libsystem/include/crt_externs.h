/*
 * <crt_externs.h> for Tessera's libSystem: how code in a dylib reaches the
 * process's environ, arguments and program name, as on macOS. libSystem's
 * initializer sets them from what dyld passes it.
 */
#ifndef _CRT_EXTERNS_H_
#define _CRT_EXTERNS_H_

#ifdef __cplusplus
extern "C" {
#endif

char ***_NSGetEnviron(void);
int *_NSGetArgc(void);
char ***_NSGetArgv(void);
char **_NSGetProgname(void);

#ifdef __cplusplus
}
#endif

#endif
