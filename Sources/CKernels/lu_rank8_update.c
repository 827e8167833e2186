// The one hot loop of exact policy evaluation, in C so that an AVX2 variant can be chosen at run
// time (Swift compiles for baseline x86-64 only). See ckernels.h for the formula.
#include "ckernels.h"

#pragma clang fp contract(off)   /* no fused multiply-add: identical results on every CPU */

#define RANK8_BODY                                                                              \
    for (long i = row_begin; i < row_end; ++i) {                                               \
        double *restrict r = a + i * n;                                                         \
        const double l0 = r[k0], l1 = r[k0 + 1], l2 = r[k0 + 2], l3 = r[k0 + 3];               \
        const double l4 = r[k0 + 4], l5 = r[k0 + 5], l6 = r[k0 + 6], l7 = r[k0 + 7];           \
        const double *restrict u0 = a + k0 * n, *restrict u1 = u0 + n, *restrict u2 = u1 + n;   \
        const double *restrict u3 = u2 + n, *restrict u4 = u3 + n, *restrict u5 = u4 + n;       \
        const double *restrict u6 = u5 + n, *restrict u7 = u6 + n;                              \
        for (long j = col_begin; j < n; ++j) {                                                  \
            double s = ((l0 * u0[j] + l1 * u1[j]) + (l2 * u2[j] + l3 * u3[j]))                 \
                     + ((l4 * u4[j] + l5 * u5[j]) + (l6 * u6[j] + l7 * u7[j]));                 \
            r[j] -= s;                                                                          \
        }                                                                                       \
    }

void ck_lu_rank8_update_portable(double *a, long n, long k0, long row_begin, long row_end, long col_begin) {
    RANK8_BODY
}

#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("avx2")))
static void rank8_avx2(double *a, long n, long k0, long row_begin, long row_end, long col_begin) {
    RANK8_BODY
}

int ck_lu_rank8_uses_avx2(void) {
    static int cached = -1;
    if (cached < 0) { __builtin_cpu_init(); cached = __builtin_cpu_supports("avx2") ? 1 : 0; }
    return cached;
}

void ck_lu_rank8_update(double *a, long n, long k0, long row_begin, long row_end, long col_begin) {
    if (ck_lu_rank8_uses_avx2()) rank8_avx2(a, n, k0, row_begin, row_end, col_begin);
    else ck_lu_rank8_update_portable(a, n, k0, row_begin, row_end, col_begin);
}
#else
int ck_lu_rank8_uses_avx2(void) { return 0; }

void ck_lu_rank8_update(double *a, long n, long k0, long row_begin, long row_end, long col_begin) {
    ck_lu_rank8_update_portable(a, n, k0, row_begin, row_end, col_begin);
}
#endif
