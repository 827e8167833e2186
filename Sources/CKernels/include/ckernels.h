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

/// A dense layer's forward pass on a batch: out[b][j] = bias[j] + Σ_k in[b][k]·w[k][j], with in
/// batch×m, w m×n (inputs × outputs), out batch×n, all row-major; the sum runs over k ascending.
void ck_dense_forward(const double *in, const double *w, const double *bias, double *out,
                      long batch, long m, long n);

/// Accumulates the weight and bias gradients of a dense layer:
///   gw[k][j] += Σ_b in[b][k]·gout[b][j],   gb[j] += Σ_b gout[b][j]   (b ascending).
void ck_dense_weight_gradient(const double *in, const double *gout, double *gw, double *gb,
                              long batch, long m, long n);

/// The gradient with respect to a dense layer's input: gin[b][k] = Σ_j gout[b][j]·wt[j][k]
/// (j ascending), with wt the n×m transpose of the layer's weights.
void ck_dense_input_gradient(const double *gout, const double *wt, double *gin, long batch, long m, long n);

/// The same three passes with single-precision products (the arithmetic of PyTorch's float32
/// layers, at twice the vector throughput), on double storage: every operand is rounded to float,
/// each sum is a chain of float fused multiply-adds in the order given above (the forward pass's from
/// (float)bias[j], the others' from 0), and the result is widened to double; the weight gradient
/// adds its float sum to gw, the bias gradient stays a double sum. ck_dense_input_gradient_f32 takes
/// the layer's weights w (m × n) themselves, not their transpose. The same bits on every CPU.
void ck_dense_forward_f32(const double *in, const double *w, const double *bias, double *out,
                          long batch, long m, long n);
void ck_dense_weight_gradient_f32(const double *in, const double *gout, double *gw, double *gb,
                                  long batch, long m, long n);
void ck_dense_input_gradient_f32(const double *gout, const double *w, double *gin, long batch, long m, long n);

/// glibc: serve allocations up to 32 MiB from the heap and keep up to 256 MiB of freed memory in
/// the process (see Neural's `retainFreedMemory`). Does nothing with other C libraries.
void ck_retain_freed_memory(void);

/// The instruction set the dense-layer kernels use here: 2 for AVX-512F, 1 for AVX2 with FMA, 0 for
/// the portable code. Every level computes the same bits (fused multiply-adds are explicit and
/// correctly rounded everywhere: the instruction, or libm's fma in the portable code).
int ck_vector_level(void);

/// Caps the level the dense-layer kernels use (0, 1 or 2; for tests, which run every variant the
/// CPU has and compare them bitwise) and returns the level now in use. Not thread-safe.
int ck_limit_vector_level(int cap);

/// tanh of every entry, in place, with absolute error within a few units of 2⁻⁵³ (see dense_layer.c);
/// vectorised, and the same operations on every CPU.
void ck_tanh_in_place(double *values, long count);

/// One Adam step on `count` parameters (see Adam.swift for the formula), with
/// step_size = α/(1 − β₁ᵗ) and correction2_root = √(1 − β₂ᵗ):
///   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − step_size·m/(√v/correction2_root + ε).
void ck_adam_update(double *theta, const double *g, double *m, double *v, long count, double beta1,
                    double beta2, double step_size, double correction2_root, double epsilon);

/// Σ x[i]², summed in eight interleaved lanes combined in a fixed order (see dense_layer.c).
double ck_sum_of_squares(const double *x, long count);

/// delta[i] ← delta[i]·(1 − y[i]²): the backward pass through tanh, from its output y.
void ck_multiply_by_tanh_derivative(double *delta, const double *y, long count);

/// max(x, 0) of every entry, in place, as x < 0 ? 0 : x (−0 and NaN kept); branch-free, vectorised.
void ck_relu_in_place(double *values, long count);

/// delta[i] ← y[i] > 0 ? delta[i] : 0: the backward pass through ReLU, from its output y (0 where
/// y = 0, as PyTorch).
void ck_multiply_by_relu_derivative(double *delta, const double *y, long count);

/// destination (cols × rows) ← sourceᵀ, source rows × cols, both row-major (copied in tiles).
void ck_transpose(const double *source, double *destination, long rows, long cols);

/// c[i][j] += Σ_p a[i·a_row + p·a_inner]·b[p·ldb + j] (p ascending), i < rows, p < inner, j < cols:
/// the portable variant of the product the three dense-layer passes use, and the AVX2 one is
/// compared with it bitwise in tests.
void ck_accumulate_products_portable(const double *a, long a_row, long a_inner, const double *b, long ldb,
                                     double *c, long ldc, long rows, long inner, long cols);
void ck_tanh_in_place_portable(double *values, long count);
/// The plain scalar loops the tests compare the vectorised and tiled ones with.
void ck_relu_in_place_portable(double *values, long count);
void ck_multiply_by_relu_derivative_portable(double *delta, const double *y, long count);
void ck_transpose_portable(const double *source, double *destination, long rows, long cols);

#endif
