#!/usr/bin/env python3
"""Fit scikit-learn's LogisticRegression (lbfgs, multinomial) on labelsim's benchmark CSVs.

Called by `labelsim bench-learner`. Reads train/test CSVs (first column the label, then the
features), does one untimed warm-up fit, then --repeats timed fits, and prints JSON:
{"seconds": [...], "accuracy": test accuracy, "objective": J at the fit, "iterations": n_iter_,
"version": sklearn version}.

scikit-learn minimises C * sum_i CE_i + 0.5 * ||W||^2 (intercepts unpenalised). Dividing by C*n
gives labelsim's mean CE + (l2/2) ||W||^2 with l2 = 1/(C n); the objective reported here is that
mean form, so the two numbers are directly comparable.
"""
import argparse
import json
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression


def load(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, 1:], table[:, 0].astype(np.int64)


def objective(model, x, y, l2):
    scores = x @ model.coef_.T + model.intercept_
    top = scores.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(scores - top).sum(axis=1))
    ce = lse - scores[np.arange(len(y)), y]
    return float(ce.mean() + 0.5 * l2 * (model.coef_ ** 2).sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--C", type=float, required=True)
    parser.add_argument("--l2", type=float, required=True)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    x_train, y_train = load(args.train)
    x_test, y_test = load(args.test)

    def fit():
        model = LogisticRegression(solver="lbfgs", C=args.C, tol=args.tol, max_iter=1000)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            return model.fit(x_train, y_train)

    fit()
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        model = fit()
        seconds.append(time.perf_counter() - start)
    accuracy = float((model.predict(x_test) == y_test).mean())
    print(json.dumps({
        "seconds": seconds,
        "accuracy": accuracy,
        "objective": objective(model, x_train, y_train, args.l2),
        "iterations": int(np.max(model.n_iter_)),
        "version": sklearn.__version__,
    }))


if __name__ == "__main__":
    main()
