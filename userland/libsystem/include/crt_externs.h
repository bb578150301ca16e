/*
 * <crt_externs.h> for Tessera's libSystem: how code in a dylib reaches the
 * process's environ, as on macOS.
 */
#ifndef _CRT_EXTERNS_H_
#define _CRT_EXTERNS_H_

#ifdef __cplusplus
extern "C" {
#endif

char ***_NSGetEnviron(void);

#ifdef __cplusplus
}
#endif

#endif
