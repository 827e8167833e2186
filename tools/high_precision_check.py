#!/usr/bin/env python3
"""Recomputes a saved trpo-bounds instance (counterexample JSON) in 50-digit arithmetic with mpmath:
error |J(pi') - L_pi(pi')|, CPO's expected-TV bound and the expected-KL bound. A one-off reference
check, run by hand; not needed to build, run or test the suite.

Usage: python3 tools/high_precision_check.py results/trpo-bounds/counterexamples/<file>.json
"""
import json, sys
from mpmath import mp, mpf, matrix, lu_solve, log
mp.dps = 50
c = json.load(open(sys.argv[1]))
n, m, g = c["stateCount"], c["actionCount"], mpf(c["gamma"])
P = [mpf(x) for x in c["transitions"]]; r = [mpf(x) for x in c["rewards"]]
rho = [mpf(x) for x in c["initialDistribution"]]
def norm(v, k):  # renormalise rows exactly as the Swift model does
    out = []
    for i in range(0, len(v), k):
        s = sum(v[i:i+k]); out += [x / s for x in v[i:i+k]]
    return out
P = norm(P, n); rho = norm(rho, n)
pi = norm([mpf(x) for x in c["oldPolicy"]], m); pn = norm([mpf(x) for x in c["newPolicy"]], m)
def evaluate(p):
    Pp = matrix(n, n); rp = matrix(n, 1)
    for s in range(n):
        for a in range(m):
            rp[s] += p[s*m+a] * r[s*m+a]
            for t in range(n): Pp[s, t] += p[s*m+a] * P[(s*m+a)*n+t]
    M = matrix(n, n)
    for s in range(n):
        for t in range(n): M[s, t] = (1 if s == t else 0) - g * Pp[s, t]
    V = lu_solve(M, rp)
    d = lu_solve(M.T, matrix(rho)) * (1 - g)
    Q = [r[s*m+a] + g * sum(P[(s*m+a)*n+t] * V[t] for t in range(n)) for s in range(n) for a in range(m)]
    A = [Q[s*m+a] - V[s] for s in range(n) for a in range(m)]
    J = sum(rho[s] * V[s] for s in range(n))
    return J, A, d
J, A, d = evaluate(pi); Jn, _, _ = evaluate(pn)
L = J + sum(d[s] * sum(pn[s*m+a] * A[s*m+a] for a in range(m)) for s in range(n)) / (1 - g)
err = abs(Jn - L)
tv = [sum(abs(pn[s*m+a] - pi[s*m+a]) for a in range(m)) / 2 for s in range(n)]
epsc = max(abs(sum(pn[s*m+a] * A[s*m+a] for a in range(m))) for s in range(n))
cpo = 2 * g * epsc / (1 - g)**2 * sum(d[s] * tv[s] for s in range(n))
kl = [sum(pn[s*m+a] * log(pn[s*m+a] / pi[s*m+a]) for a in range(m)) for s in range(n)]
eps = max(abs(x) for x in A)
li = g**2 * eps / (1 - g)**3 / (1 - g) * sum(d[s] * kl[s] for s in range(n))
print("bound", c["bound"], "gamma", c["gamma"])
print("high-precision error ", mp.nstr(err, 12))
print("high-precision CPO-TV", mp.nstr(cpo, 12), " ratio", mp.nstr(err / cpo, 12))
print("high-precision exp-KL", mp.nstr(li, 12), " ratio", mp.nstr(err / li, 12))
print("Swift: error", c["error"], "bound", c["boundValue"], "ratio", c["ratio"])
