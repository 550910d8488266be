#!/usr/bin/env python3
"""Fit scikit-learn's MLPClassifier on labelsim's benchmark CSVs (called by `labelsim bench-mlp`).

Same network and training as labelsim's MultilayerPerceptron: ReLU hidden layers, softmax
output, Adam (lr, beta1 0.9, beta2 0.999, eps 1e-8), minibatches of --batch, alpha L2, Glorot
uniform initialisation, early stopping on a 10% validation split with patience 10 and tol 1e-4.
One difference: scikit-learn stops on validation *accuracy*, labelsim on validation cross-entropy.
Prints JSON: {"seconds": [...], "accuracy": test accuracy, "epochs": n_iter_, "version": ...}.
"""
import argparse
import json
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier


def load(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, 1:], table[:, 0].astype(np.int64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--hidden", type=int, nargs="+", default=[64])
    parser.add_argument("--alpha", type=float, default=1e-4)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    x_train, y_train = load(args.train)
    x_test, y_test = load(args.test)
    seconds, accuracies, epochs = [], [], []
    for repeat in range(args.repeats):
        model = MLPClassifier(
            hidden_layer_sizes=tuple(args.hidden), activation="relu", solver="adam", alpha=args.alpha,
            batch_size=args.batch, learning_rate_init=args.lr, max_iter=args.epochs, early_stopping=True,
            validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, random_state=args.seed + repeat)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(x_train, y_train)
        seconds.append(time.perf_counter() - start)
        accuracies.append(float((model.predict(x_test) == y_test).mean()))
        epochs.append(int(model.n_iter_))
    print(json.dumps({"seconds": seconds, "accuracy": accuracies, "epochs": epochs, "version": sklearn.__version__}))


if __name__ == "__main__":
    main()
