// The three products of a dense layer's forward and backward passes, in C so that an AVX2 variant
// can be chosen at run time (Swift compiles for baseline x86-64 only). See ckernels.h.
#include "ckernels.h"

#pragma clang fp contract(off)   /* the compiler fuses nothing on its own ... */
/* ... and the kernels fuse explicitly with __builtin_fma where they say so: a correctly rounded
 * a·b + c, done by the FMA instruction in the AVX2+FMA and AVX-512 variants and by libm's fma
 * (also correctly rounded, only slower) in the portable one, so every variant computes the same bits. */

/* Every inner loop runs over an output index j with independent accumulators, and every sum runs
 * in ascending order of its summation index, so the vectorised variant only evaluates several j
 * at once: the same operations, in the same order, as the portable one. */

/* c[i][j] += Σ_p a(i, p)·b[p][j] for p ascending, each step one fused multiply-add
 * c ← fma(a(i, p), b[p][j], c), with a(i, p) = a[i·a_row + p·a_inner]: the one product all three
 * passes need. Blocks of R rows × W columns are held in local accumulators (registers, once
 * vectorised): 6 × 8 for AVX2's 16 registers (12 accumulators; twice the speed of the former 1 × 32,
 * which loaded a vector of b per fused multiply-add), 4 × 32 for AVX-512's 32; 16-column blocks and
 * the zero-padded tail below finish the edges. Whatever the blocking, every c[i][j] sees the same additions
 * in the same order as the plain triple loop, so all variants agree bitwise. */
#define ACCUMULATE_BLOCK(T, FMA, R, W, i0, j0)                                                  \
    {                                                                                           \
        T acc[R][W];                                                                            \
        for (int r = 0; r < R; ++r)                                                             \
            for (int t = 0; t < W; ++t) acc[r][t] = c[(i0 + r) * ldc + j0 + t];                 \
        for (long p = 0; p < inner; ++p) {                                                      \
            const T *restrict bp = b + p * ldb + j0;                                            \
            for (int r = 0; r < R; ++r) {                                                       \
                const T ap = a[(i0 + r) * a_row + p * a_inner];                                 \
                for (int t = 0; t < W; ++t) acc[r][t] = FMA(ap, bp[t], acc[r][t]);             \
            }                                                                                   \
        }                                                                                       \
        for (int r = 0; r < R; ++r)                                                             \
            for (int t = 0; t < W; ++t) c[(i0 + r) * ldc + j0 + t] = acc[r][t];                 \
    }

/* The last cols mod G columns (fewer than G = 16 doubles or 32 floats), on a copy of b's columns
 * [j0, cols) padded with zeros to W lanes (W = G/2 or G), so that they are vectorised too instead
 * of running one column at a time (the narrow output layers: 1, 6 or 12 columns; the input
 * gradient of a 23-input layer). The copy is taken TAIL_STEPS values of p at a time; between chunks
 * the accumulators go back to c and are reloaded (exact), so every c[i][j] still sees the same fused
 * multiply-adds, p ascending; the padded lanes are computed and dropped. */
#define TAIL_STEPS 256
#define ACCUMULATE_TAIL_BLOCK(T, FMA, R, W, i0)                                                 \
    {                                                                                           \
        T acc[R][W];                                                                            \
        for (int r = 0; r < R; ++r)                                                             \
            for (int t = 0; t < W; ++t) acc[r][t] = t < width ? c[(i0 + r) * ldc + j0 + t] : 0; \
        for (long p = 0; p < steps; ++p) {                                                      \
            const T *restrict bp = padded + p * W;                                              \
            for (int r = 0; r < R; ++r) {                                                       \
                const T ap = a[(i0 + r) * a_row + (p0 + p) * a_inner];                          \
                for (int t = 0; t < W; ++t) acc[r][t] = FMA(ap, bp[t], acc[r][t]);             \
            }                                                                                   \
        }                                                                                       \
        for (int r = 0; r < R; ++r)                                                             \
            for (int t = 0; t < width; ++t) c[(i0 + r) * ldc + j0 + t] = acc[r][t];             \
    }

#define ACCUMULATE_TAIL(T, FMA, R, W)                                                           \
    for (long p0 = 0; p0 < inner; p0 += TAIL_STEPS) {                                           \
        const long steps = inner - p0 < TAIL_STEPS ? inner - p0 : TAIL_STEPS;                   \
        for (long p = 0; p < steps; ++p)                                                        \
            for (int t = 0; t < W; ++t)                                                         \
                padded[p * W + t] = t < width ? b[(p0 + p) * ldb + j0 + t] : 0;                 \
        long i = 0;                                                                             \
        for (; i + R <= rows; i += R) ACCUMULATE_TAIL_BLOCK(T, FMA, R, W, i)                    \
        for (; i < rows; ++i) ACCUMULATE_TAIL_BLOCK(T, FMA, 1, W, i)                            \
    }

/* The whole product on element type T (double, or float for the single-precision products below)
 * with its correctly rounded fused multiply-add FMA, register blocks of R × W and column
 * granularity G (W a multiple of G or G a multiple of W). */
#define ACCUMULATE_PRODUCTS_BODY(T, FMA, R, W, G)                                               \
    const long j0 = cols - cols % G;                                                            \
    long i = 0;                                                                                 \
    for (; i + R <= rows; i += R) {                                                             \
        long j = 0;                                                                             \
        for (; j + W <= j0; j += W) ACCUMULATE_BLOCK(T, FMA, R, W, i, j)                        \
        for (; j + G <= j0; j += G) ACCUMULATE_BLOCK(T, FMA, R, G, i, j)                        \
    }                                                                                           \
    for (; i < rows; ++i) {                                                                     \
        for (long j = 0; j + G <= j0; j += G) ACCUMULATE_BLOCK(T, FMA, 1, G, i, j)              \
    }                                                                                           \
    if (j0 < cols && rows > 0) {                                                                \
        const int width = (int)(cols - j0);                                                     \
        T padded[TAIL_STEPS * G] __attribute__((aligned(64)));                                  \
        if (width <= G / 2) { ACCUMULATE_TAIL(T, FMA, R, G / 2) } else { ACCUMULATE_TAIL(T, FMA, R, G) } \
    }

/* tanh x = sign(x)·(1 − t)/(1 + t) with t = exp(−2|x|), and exp by Cody–Waite reduction
 * (−2|x| = k ln 2 + r, |r| ≤ ln 2/2, ln 2 split in two parts) and the degree-13 Taylor polynomial
 * of e^r in Horner form with fused multiply-adds (truncation error < 10⁻¹⁷ relative). The absolute error of the result is a
 * few units of 2⁻⁵³; |x| is capped at 20, where t < 10⁻¹⁷ and the quotient rounds to 1. Written
 * branch-free so that it vectorises; the same operations on every CPU. */
#define TANH_BODY                                                                               \
    for (long i = 0; i < count; ++i) {                                                          \
        const double x = values[i];                                                             \
        double ax = x < 0 ? -x : x;                                                             \
        ax = ax > 20.0 ? 20.0 : ax;                                                             \
        const double y = -2.0 * ax;                                                             \
        const double shifted = y * 1.4426950408889634 + 6755399441055744.0;  /* 1.5·2⁵² */      \
        const double k = shifted - 6755399441055744.0;                                          \
        const double r = (y - k * 0.6931471803691238) - k * 1.9082149292705877e-10;             \
        double p = 1.0 / 6227020800.0;                                                          \
        p = __builtin_fma(p, r, 1.0 / 479001600.0);                                             \
        p = __builtin_fma(p, r, 1.0 / 39916800.0);                                              \
        p = __builtin_fma(p, r, 1.0 / 3628800.0);                                               \
        p = __builtin_fma(p, r, 1.0 / 362880.0);                                                \
        p = __builtin_fma(p, r, 1.0 / 40320.0);                                                 \
        p = __builtin_fma(p, r, 1.0 / 5040.0);                                                  \
        p = __builtin_fma(p, r, 1.0 / 720.0);                                                   \
        p = __builtin_fma(p, r, 1.0 / 120.0);                                                   \
        p = __builtin_fma(p, r, 1.0 / 24.0);                                                    \
        p = __builtin_fma(p, r, 1.0 / 6.0);                                                     \
        p = __builtin_fma(p, r, 0.5);                                                           \
        p = __builtin_fma(p, r, 1.0);                                                           \
        p = __builtin_fma(p, r, 1.0);                                                           \
        long long kbits;                                                                        \
        __builtin_memcpy(&kbits, &shifted, 8);                                                  \
        /* the low bits of `shifted` hold k (two's complement); 2^k built from the exponent */  \
        const unsigned long long scale_bits = (unsigned long long)(kbits + 1023) << 52;         \
        double scale;                                                                           \
        __builtin_memcpy(&scale, &scale_bits, 8);                                               \
        const double t = p * scale;                                                             \
        const double magnitude = (1.0 - t) / (1.0 + t);                                         \
        values[i] = x < 0 ? -magnitude : magnitude;                                             \
    }

#define DEFINE_VARIANTS(ATTR, SUFFIX, R, W, RF, WF)                                             \
    ATTR void ck_accumulate_products##SUFFIX(const double *a, long a_row, long a_inner,         \
                                             const double *b, long ldb, double *c, long ldc,    \
                                             long rows, long inner, long cols) {                \
        ACCUMULATE_PRODUCTS_BODY(double, __builtin_fma, R, W, 16) }                             \
    ATTR void accumulate_products_f32##SUFFIX(const float *a, long a_row, long a_inner,         \
                                             const float *b, long ldb, float *c, long ldc,      \
                                             long rows, long inner, long cols) {                \
        ACCUMULATE_PRODUCTS_BODY(float, __builtin_fmaf, RF, WF, 32) }                           \
    ATTR void ck_tanh_in_place##SUFFIX(double *values, long count) { TANH_BODY }

DEFINE_VARIANTS(, _portable, 1, 32, 1, 32)

#if defined(__x86_64__) && defined(__clang__)
DEFINE_VARIANTS(__attribute__((target("avx2,fma"))) static, _avx2, 6, 8, 6, 16)
DEFINE_VARIANTS(__attribute__((target("avx512f"))) static, _avx512, 4, 32, 4, 64)

/* 2 for AVX-512F (which has FMA), 1 for AVX2 with FMA, 0 otherwise; capped by
 * ck_limit_vector_level, so that tests can run every variant the CPU has. */
static int level_cap = 2;

static int detected_vector_level(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") ? 2
               : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0);
    }
    return cached;
}

int ck_vector_level(void) {
    const int detected = detected_vector_level();
    return detected < level_cap ? detected : level_cap;
}

int ck_limit_vector_level(int cap) {
    level_cap = cap < 0 ? 0 : (cap > 2 ? 2 : cap);
    return ck_vector_level();
}
#define DISPATCH(NAME, ...)                                                                     \
    switch (ck_vector_level()) {                                                                \
    case 2: NAME##_avx512(__VA_ARGS__); break;                                                  \
    case 1: NAME##_avx2(__VA_ARGS__); break;                                                    \
    default: NAME##_portable(__VA_ARGS__);                                                      \
    }
#else
int ck_vector_level(void) { return 0; }
int ck_limit_vector_level(int cap) { (void)cap; return 0; }
#define DISPATCH(NAME, ...) NAME##_portable(__VA_ARGS__)
#endif

void ck_tanh_in_place(double *values, long count) { DISPATCH(ck_tanh_in_place, values, count); }

static void accumulate_products(const double *a, long a_row, long a_inner, const double *b, long ldb,
                                double *c, long ldc, long rows, long inner, long cols) {
    DISPATCH(ck_accumulate_products, a, a_row, a_inner, b, ldb, c, ldc, rows, inner, cols);
}

void ck_dense_forward(const double *in, const double *w, const double *bias, double *out,
                      long batch, long m, long n) {
    for (long b = 0; b < batch; ++b)
        for (long j = 0; j < n; ++j) out[b * n + j] = bias[j];
    accumulate_products(in, m, 1, w, n, out, n, batch, m, n);
}

void ck_dense_weight_gradient(const double *in, const double *gout, double *gw, double *gb,
                              long batch, long m, long n) {
    accumulate_products(in, 1, m, gout, n, gw, n, m, batch, n);
    for (long b = 0; b < batch; ++b)
        for (long j = 0; j < n; ++j) gb[j] += gout[b * n + j];
}

void ck_dense_input_gradient(const double *gout, const double *wt, double *gin, long batch, long m, long n) {
    for (long i = 0; i < batch * m; ++i) gin[i] = 0;
    accumulate_products(gout, n, 1, wt, m, gin, m, batch, n, m);
}

/* The single-precision products: operands rounded to float (round to nearest, the same on every
 * CPU), the sums run as float fused multiply-adds in the same blocked kernels, and the results
 * widened (exactly) to double. One scratch allocation per call holds the float copies. */
#include <stdlib.h>

static void accumulate_products_f32(const float *a, long a_row, long a_inner, const float *b, long ldb,
                                    float *c, long ldc, long rows, long inner, long cols) {
    DISPATCH(accumulate_products_f32, a, a_row, a_inner, b, ldb, c, ldc, rows, inner, cols);
}

static float *float_scratch(long count) {
    float *p = malloc((size_t)(count > 0 ? count : 1) * sizeof(float));
    if (!p) abort();
    return p;
}

static void round_to_float(const double *x, float *y, long count) {
    for (long i = 0; i < count; ++i) y[i] = (float)x[i];
}

void ck_dense_forward_f32(const double *in, const double *w, const double *bias, double *out,
                          long batch, long m, long n) {
    float *fin = float_scratch(batch * m + m * n + batch * n), *fw = fin + batch * m, *fout = fw + m * n;
    round_to_float(in, fin, batch * m);
    round_to_float(w, fw, m * n);
    for (long b = 0; b < batch; ++b)
        for (long j = 0; j < n; ++j) fout[b * n + j] = (float)bias[j];
    accumulate_products_f32(fin, m, 1, fw, n, fout, n, batch, m, n);
    for (long i = 0; i < batch * n; ++i) out[i] = fout[i];
    free(fin);
}

void ck_dense_weight_gradient_f32(const double *in, const double *gout, double *gw, double *gb,
                                  long batch, long m, long n) {
    float *fin = float_scratch(batch * m + batch * n + m * n), *fg = fin + batch * m, *fgw = fg + batch * n;
    round_to_float(in, fin, batch * m);
    round_to_float(gout, fg, batch * n);
    for (long i = 0; i < m * n; ++i) fgw[i] = 0;
    accumulate_products_f32(fin, 1, m, fg, n, fgw, n, m, batch, n);
    for (long i = 0; i < m * n; ++i) gw[i] += fgw[i];
    for (long b = 0; b < batch; ++b)
        for (long j = 0; j < n; ++j) gb[j] += gout[b * n + j];
    free(fin);
}

void ck_dense_input_gradient_f32(const double *gout, const double *w, double *gin, long batch, long m, long n) {
    float *fg = float_scratch(batch * n + n * m + batch * m), *fwt = fg + batch * n, *fgin = fwt + n * m;
    round_to_float(gout, fg, batch * n);
    for (long k0 = 0; k0 < m; k0 += 16)   /* fwt = wᵀ (n × m), rounded, in 16 × 16 tiles */
        for (long j0 = 0; j0 < n; j0 += 16)
            for (long k = k0; k < k0 + 16 && k < m; ++k)
                for (long j = j0; j < j0 + 16 && j < n; ++j) fwt[j * m + k] = (float)w[k * n + j];
    for (long i = 0; i < batch * m; ++i) fgin[i] = 0;
    accumulate_products_f32(fg, n, 1, fwt, m, fgin, m, batch, n, m);
    for (long i = 0; i < batch * m; ++i) gin[i] = fgin[i];
    free(fg);
}

/* Elementwise passes, vectorised where the compiler can; each element's arithmetic is fixed. */
#define ADAM_BODY                                                                               \
    for (long i = 0; i < count; ++i) {                                                          \
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];                                               \
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];                                        \
        theta[i] -= step_size * m[i] / (__builtin_elementwise_sqrt(v[i]) / correction2_root + epsilon); \
    }
#define TANH_DERIVATIVE_BODY                                                                    \
    for (long i = 0; i < count; ++i) delta[i] *= 1.0 - y[i] * y[i];

/* ReLU and its backward pass, branch-free so that they vectorise (as branches they mispredicted on
 * about half the entries and took 30% of SAC's update); exact, so every variant gives the same bits
 * as the scalar definitions f(x) = x < 0 ? 0 : x (keeping −0 and NaN) and δ ← y > 0 ? δ : 0. */
#define RELU_BODY                                                                               \
    for (long i = 0; i < count; ++i) values[i] = values[i] < 0 ? 0.0 : values[i];
#define RELU_DERIVATIVE_BODY                                                                    \
    for (long i = 0; i < count; ++i) delta[i] = y[i] > 0 ? delta[i] : 0.0;

#define DEFINE_ELEMENTWISE(ATTR, SUFFIX)                                                        \
    ATTR void adam##SUFFIX(double *restrict theta, const double *restrict g, double *restrict m, \
                           double *restrict v, long count,                                      \
                           double beta1, double beta2, double step_size,                        \
                           double correction2_root, double epsilon) { ADAM_BODY }               \
    ATTR void tanh_derivative##SUFFIX(double *delta, const double *y, long count) {             \
        TANH_DERIVATIVE_BODY }                                                                  \
    ATTR void relu##SUFFIX(double *restrict values, long count) { RELU_BODY }                   \
    ATTR void relu_derivative##SUFFIX(double *restrict delta, const double *restrict y, long count) { \
        RELU_DERIVATIVE_BODY }

DEFINE_ELEMENTWISE(static, _portable)
#if defined(__x86_64__) && defined(__clang__)
DEFINE_ELEMENTWISE(__attribute__((target("avx2,fma"))) static, _avx2)
DEFINE_ELEMENTWISE(__attribute__((target("avx512f"))) static, _avx512)
#endif

void ck_adam_update(double *theta, const double *g, double *m, double *v, long count, double beta1,
                    double beta2, double step_size, double correction2_root, double epsilon) {
    DISPATCH(adam, theta, g, m, v, count, beta1, beta2, step_size, correction2_root, epsilon);
}

void ck_multiply_by_tanh_derivative(double *delta, const double *y, long count) {
    DISPATCH(tanh_derivative, delta, y, count);
}

/* A copy, in 16 × 16 tiles so that both matrices are walked a few cache lines at a time (the plain
 * double loop writes a new cache line per element and took a quarter of a 256-wide layer's
 * product); ck_transpose_portable is the plain loop the tests compare it with. */
void ck_relu_in_place(double *values, long count) { DISPATCH(relu, values, count); }
void ck_relu_in_place_portable(double *values, long count) { relu_portable(values, count); }

void ck_multiply_by_relu_derivative(double *delta, const double *y, long count) {
    DISPATCH(relu_derivative, delta, y, count);
}
void ck_multiply_by_relu_derivative_portable(double *delta, const double *y, long count) {
    relu_derivative_portable(delta, y, count);
}

void ck_transpose(const double *source, double *destination, long rows, long cols) {
    for (long i0 = 0; i0 < rows; i0 += 16) {
        const long i1 = i0 + 16 < rows ? i0 + 16 : rows;
        for (long j0 = 0; j0 < cols; j0 += 16) {
            const long j1 = j0 + 16 < cols ? j0 + 16 : cols;
            for (long j = j0; j < j1; ++j)
                for (long i = i0; i < i1; ++i) destination[j * rows + i] = source[i * cols + j];
        }
    }
}

void ck_transpose_portable(const double *source, double *destination, long rows, long cols) {
    for (long i = 0; i < rows; ++i)
        for (long j = 0; j < cols; ++j) destination[j * rows + i] = source[i * cols + j];
}

/* Σ x[i]² as eight interleaved partial sums (lane t takes i ≡ t mod 8, ascending), then
 * ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), then the tail in order: the same bits
 * whether the eight lanes are one AVX-512 register, two AVX2 ones, or scalars. */
#define SUM_OF_SQUARES_BODY                                                                     \
    double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                     \
    long i = 0;                                                                                 \
    for (; i + 8 <= count; i += 8)                                                              \
        for (int t = 0; t < 8; ++t) s[t] += x[i + t] * x[i + t];                                \
    double total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));           \
    for (; i < count; ++i) total += x[i] * x[i];                                                \
    return total;

static double sum_of_squares_portable(const double *x, long count) { SUM_OF_SQUARES_BODY }
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("avx2,fma"))) static double sum_of_squares_avx2(const double *x, long count) { SUM_OF_SQUARES_BODY }
__attribute__((target("avx512f"))) static double sum_of_squares_avx512(const double *x, long count) { SUM_OF_SQUARES_BODY }
#endif

double ck_sum_of_squares(const double *x, long count) {
#if defined(__x86_64__) && defined(__clang__)
    switch (ck_vector_level()) {
    case 2: return sum_of_squares_avx512(x, count);
    case 1: return sum_of_squares_avx2(x, count);
    default: break;
    }
#endif
    return sum_of_squares_portable(x, count);
}
