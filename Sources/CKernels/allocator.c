// glibc's allocator settings, which Swift cannot reach (malloc.h is not in its Glibc module).
#include "ckernels.h"
#include <stdlib.h>   /* defines __GLIBC__ (via features.h) on glibc: without a C library header first,
                         the test below was always false and this function did nothing */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void ck_retain_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}
