"""Independent reference values for tests/stats_worked_example.rs.

R (metafor) is not installable on the build machine (no CRAN), so the expected numbers in the
Rust test come from this separate implementation, which shares no code with src/stats/:
- tau^2 by maximising the REML log-likelihood directly with scipy.optimize (the Rust code uses
  Fisher scoring from a DerSimonian-Laird start), with the tau^2 = 0 boundary checked;
- quantiles from scipy.stats.t.ppf (the Rust code inverts its own incomplete beta).
It mirrors metafor's conventions: escalc(measure="PLO") with add=1/2 to="only0";
rma(method="REML", test="knha") without truncating the HKSJ factor; predict() with the t(k-1)
quantile; I^2 = 100 tau^2 / (tau^2 + s^2), s^2 = (k-1) sum(w) / (sum(w)^2 - sum(w^2)).
The equivalent R call, for anyone who has R:
    dat <- escalc(measure="PLO", xi=x, ni=n); res <- rma(yi, vi, data=dat, method="REML",
    test="knha"); predict(res, transf=transf.ilogit)

Run:  python3 -m venv /tmp/v && /tmp/v/bin/pip install numpy scipy
      /tmp/v/bin/python tests/stats/reference.py
"""
import numpy as np
from scipy import optimize, stats

PROPORTIONS = [(12, 20), (30, 41), (8, 18), (25, 30), (0, 9)]
PROPORTIONS_HOMOGENEOUS = [(10, 20), (12, 22), (15, 30)]
SMD = [(0.8, 0.3, 1.3), (1.2, 0.5, 1.9), (0.4, -0.1, 0.9), (0.95, 0.2, 1.7)]


def plo(x, n):
    x, n = float(x), float(n)
    if x == 0 or x == n:
        x, n = x + 0.5, n + 1.0
    return np.log(x / (n - x)), 1 / x + 1 / (n - x)


def neg_reml(tau2, y, v):
    w = 1 / (v + tau2)
    mu = np.sum(w * y) / np.sum(w)
    return 0.5 * (np.sum(np.log(v + tau2)) + np.log(np.sum(w)) + np.sum(w * (y - mu) ** 2))


def rma_knha(y, v):
    y, v = np.asarray(y, float), np.asarray(v, float)
    k = len(y)
    res = optimize.minimize_scalar(neg_reml, bounds=(0, 50), args=(y, v), method="bounded",
                                   options={"xatol": 1e-14})
    tau2 = res.x if neg_reml(res.x, y, v) < neg_reml(0.0, y, v) else 0.0
    w = 1 / (v + tau2)
    mu = np.sum(w * y) / np.sum(w)
    se = np.sqrt(np.sum(w * (y - mu) ** 2) / (k - 1) / np.sum(w))
    crit = stats.t.ppf(0.975, k - 1)
    wf = 1 / v
    s2 = (k - 1) * wf.sum() / (wf.sum() ** 2 - (wf ** 2).sum())
    return dict(mu=mu, ci=(mu - crit * se, mu + crit * se),
                pi=(mu - crit * np.sqrt(se ** 2 + tau2), mu + crit * np.sqrt(se ** 2 + tau2)),
                tau2=tau2, i2=100 * tau2 / (tau2 + s2), se=se)


def show(name, r, f):
    print(name)
    print(f"  estimate {f(r['mu']):.6f}  ci {f(r['ci'][0]):.6f} {f(r['ci'][1]):.6f}")
    print(f"  pi {f(r['pi'][0]):.6f} {f(r['pi'][1]):.6f}  tau2 {r['tau2']:.6f}  i2 {r['i2']:.6f}")


ilogit = lambda t: 1 / (1 + np.exp(-t))
for name, data in [("proportions", PROPORTIONS), ("homogeneous", PROPORTIONS_HOMOGENEOUS)]:
    y, v = zip(*(plo(x, n) for x, n in data))
    show(name, rma_knha(y, v), ilogit)
z = stats.norm.ppf(0.975)
show("smd", rma_knha([d[0] for d in SMD], [((d[2] - d[1]) / (2 * z)) ** 2 for d in SMD]),
     lambda t: t)
