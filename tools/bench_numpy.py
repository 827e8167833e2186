#!/usr/bin/env python3
"""Exact policy evaluation (V, Q, A, d^pi) in NumPy, one BLAS thread: the reference the Swift
benchmark (`make bench`, Benchmarks/tabular-benchmark) compares against in the same run.

Not needed to build, run or test the suite. Usage: bench_numpy.py N [N ...] --seconds S --actions M
Prints one JSON object per line: {"n": N, "evaluations_per_second": ..., "numpy": version}.
"""
import os
for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = "1"   # must precede the numpy import
import argparse, json, time
import numpy as np


def evaluate(P, r, pi, rho, gamma):
    """The same computation as Swift's PolicyEvaluation: solve for V, then d from the transpose."""
    n = P.shape[0]
    P_pi = np.einsum("sa,sat->st", pi, P)
    r_pi = (pi * r).sum(axis=1)
    M = np.eye(n) - gamma * P_pi
    V = np.linalg.solve(M, r_pi)
    d = (1 - gamma) * np.linalg.solve(M.T, rho)
    Q = r + gamma * P @ V
    A = Q - V[:, None]
    return V, Q, A, d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", type=int, nargs="+")
    ap.add_argument("--actions", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--gamma", type=float, default=0.99)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    for n in args.sizes:
        m = args.actions
        P = rng.random((n, m, n)); P /= P.sum(axis=2, keepdims=True)
        r = rng.random((n, m))
        pi = rng.random((n, m)); pi /= pi.sum(axis=1, keepdims=True)
        rho = np.full(n, 1.0 / n)
        evaluate(P, r, pi, rho, args.gamma)  # warm-up
        count, start = 0, time.perf_counter()
        while True:
            evaluate(P, r, pi, rho, args.gamma)
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= args.seconds:
                break
        print(json.dumps({"n": n, "evaluations_per_second": count / elapsed, "numpy": np.__version__}), flush=True)


if __name__ == "__main__":
    main()
