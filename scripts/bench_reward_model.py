#!/usr/bin/env python3
"""scikit-learn's LogisticRegression on the reward-model objective, for `labelsim bench-reward-model`.

Reads n x d float64 differences and n uint8 labels (raw little-endian files), fits
LogisticRegression(fit_intercept=False, C=1/(n*l2), solver="lbfgs", tol, max_iter=1000) --repeats
times after one warm-up fit, and prints JSON: seconds per fit, the final objective
(1/n) sum log(1 + exp(-t w.x)) + (l2/2)|w|^2, the weights, iterations, the scikit-learn version
and the thread pools it ran with (threadpoolctl, when installed).
"""
import argparse
import json
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--x", required=True)
    parser.add_argument("--y", required=True)
    parser.add_argument("--d", type=int, required=True)
    parser.add_argument("--l2", type=float, required=True)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    x = np.fromfile(args.x, dtype="<f8").reshape(-1, args.d)
    y = np.fromfile(args.y, dtype=np.uint8)
    n = len(y)
    model = LogisticRegression(fit_intercept=False, C=1 / (n * args.l2), solver="lbfgs", tol=args.tol, max_iter=1000)
    model.fit(x, y)
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        model.fit(x, y)
        seconds.append(time.perf_counter() - start)
    w = model.coef_.ravel()
    t = np.where(y == 1, 1.0, -1.0)
    objective = float(np.mean(np.logaddexp(0, -t * (x @ w))) + args.l2 / 2 * w @ w)
    try:
        from threadpoolctl import threadpool_info

        pools = ", ".join(f"{p['internal_api']} {p['num_threads']}" for p in threadpool_info())
    except ImportError:
        pools = "unknown (threadpoolctl not installed)"
    print(json.dumps({"seconds": seconds, "objective": objective, "weights": [float(v) for v in w],
                      "iterations": int(model.n_iter_[0]), "version": sklearn.__version__, "threads": pools}))


if __name__ == "__main__":
    main()
