#ifndef CKERNELS_H
#define CKERNELS_H

/// The trailing update of a blocked LU factorisation with panels of 8 columns:
/// for every row i in [row_begin, row_end) of the row-major n×n matrix a,
///   a[i][j] -= ((l0 u0[j] + l1 u1[j]) + (l2 u2[j] + l3 u3[j]))
///            + ((l4 u4[j] + l5 u5[j]) + (l6 u6[j] + l7 u7[j]))     for j in [col_begin, n),
/// with l_p = a[i][k0 + p] and u_p = row k0 + p of a. Precondition: rows k0..k0+7 lie outside
/// [row_begin, row_end), and col_begin ≥ k0 + 8.
///
/// The same arithmetic, in the same order, on every CPU: the AVX2 variant (chosen at run time
/// when the CPU has it) only evaluates several j at once, and no multiply-add is fused.
void ck_lu_rank8_update(double *a, long n, long k0, long row_begin, long row_end, long col_begin);

/// Which variant ck_lu_rank8_update uses here: 1 for AVX2, 0 for the portable one.
int ck_lu_rank8_uses_avx2(void);

/// The portable variant, for tests that compare the two bitwise.
void ck_lu_rank8_update_portable(double *a, long n, long k0, long row_begin, long row_end, long col_begin);

#endif
