#!/usr/bin/env python3
"""Derives labelsim's preference-data defaults from published figures (REFERENCES.md).

The world (README, "Preference data"): a pair's true reward difference z = x + e is Gaussian,
z ~ N(0, S^2) in units of the Bradley-Terry temperature, of which the share v (x) is carried by the
response features the reward model sees and 1 - v (e) by what only a human reader sees. The true
preference is P(A > B) = sigmoid(z). A rater of rationality beta and style bias gamma prefers A with
sigmoid(beta * (z + gamma * d)), d ~ N(0, 2) the style difference, which the true reward ignores.

Closed forms, evaluated by Gauss-Hermite quadrature (no simulation, no fitting to a test):
  agreement(b, g)   = E[p^2 + (1 - p)^2],            p = sigmoid(b * (z + g * d))
  longer(b, g)      = E[sigmoid(b * (z + g * |d|))]
  rm(S, v)          = E[s q + (1 - s)(1 - q)],       s = sigmoid(|z|), q = Phi(|z| sqrt(v) / (S sqrt(1 - v)))
                      (a reward model that ranks by x, the Bayes rule given the features, scored
                      against the true preference)
  rm_level(S, v, k) = the same within the k-th quartile of |z| (Llama 2's four strength levels)

Each default solves one published figure (or two with two unknowns):
  1. experts are the reference raters (beta = 1): their agreement, 81.5% (MT-Bench, 81-82% without
     ties), gives the default world's S.
  2. InstructGPT's contractors as the reference raters of their own world: agreement 72.6% gives
     that world's S_I, and the reward model's 72.4% gives v (the share of the reward the features
     carry; a property of the reward model's representation, used in the default world).
  3. contractors in the default world: beta_k = S_I / S, so their agreement stays 72.6%.
  4. crowd: beta_c and gamma_c solve agreement 65.7% and longer-preferred 64% (AlpacaFarm).
  5. Llama 2 conditions: (S_L, v_L) by least squares on the four strength accuracies
     80.7 / 67.5 / 60.9 / 54.7 (strongest first; Touvron et al. 2023, Table 8), raters the reference.
Prints the values the shipped profiles and scenarios use.
"""
import math

import numpy as np
from scipy.optimize import brentq, least_squares
from scipy.special import expit
from scipy.stats import norm

NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(121)
WEIGHTS = WEIGHTS / WEIGHTS.sum()  # expectation over N(0, 1)


def agreement(S, beta, gamma=0.0):
    z = S * NODES[:, None]
    d = math.sqrt(2) * NODES[None, :]
    p = expit(beta * (z + gamma * d))
    return float(WEIGHTS @ (p * p + (1 - p) * (1 - p)) @ WEIGHTS)


def longer(S, beta, gamma):
    z = S * NODES[:, None]
    d = np.abs(math.sqrt(2) * NODES[None, :])
    return float(WEIGHTS @ expit(beta * (z + gamma * d)) @ WEIGHTS)


def rm_accuracy_given(absz, S, v):
    s = expit(absz)
    q = np.ones_like(absz) if v >= 1 else norm.cdf(absz * math.sqrt(v) / (S * math.sqrt(1 - v)))
    return s * q + (1 - s) * (1 - q)


def rm_accuracy(S, v, low=0.0, high=1.0):
    """Mean over |z| between its `low` and `high` quantiles (Gauss-Legendre on the quantile)."""
    u, w = np.polynomial.legendre.leggauss(200)
    u = low + (high - low) * (u + 1) / 2
    absz = S * norm.ppf(0.5 + u / 2)
    return float(np.sum(w * rm_accuracy_given(absz, S, v)) / 2)


def main():
    S = brentq(lambda s: agreement(s, 1) - 0.815, 0.1, 50)
    S_I = brentq(lambda s: agreement(s, 1) - 0.726, 0.1, 50)
    v = brentq(lambda x: rm_accuracy(S_I, x) - 0.724, 1e-4, 1 - 1e-9)
    beta_k = S_I / S

    def crowd(params):
        b, g = params
        return [agreement(S, b, g) - 0.657, longer(S, b, g) - 0.64]

    crowd_fit = least_squares(crowd, [0.5, 0.5], bounds=([1e-3, 0], [5, 20]))
    beta_c, gamma_c = crowd_fit.x
    targets = [0.547, 0.609, 0.675, 0.807]  # quartiles of |z|, lowest first

    def llama(params):
        s, x = params
        return [rm_accuracy(s, x, k / 4, (k + 1) / 4) - t for k, t in enumerate(targets)]

    llama_fit = least_squares(llama, [1.0, 0.9], bounds=([0.05, 1e-3], [20, 1]))
    S_L, v_L = llama_fit.x
    print(f"default world: reward scale S = {S:.4f} (sd of a pair's reward difference), visible share v = {v:.4f}")
    print(f"  Bradley-Terry ceiling E[sigmoid(|z|)] = {rm_accuracy(S, 1):.4f}; reward model at v: {rm_accuracy(S, v):.4f}")
    print(f"InstructGPT world: S_I = {S_I:.4f}; RM accuracy at v: {rm_accuracy(S_I, v):.4f}")
    print(f"experts: rationality 1, agreement {agreement(S, 1):.4f}")
    print(f"contractors: rationality {beta_k:.4f}, agreement {agreement(S, beta_k):.4f}")
    print(
        f"crowd: rationality {beta_c:.4f}, style bias {gamma_c:.4f}, agreement {agreement(S, beta_c, gamma_c):.4f},"
        f" longer preferred {longer(S, beta_c, gamma_c):.4f}"
    )
    levels = [rm_accuracy(S_L, v_L, k / 4, (k + 1) / 4) for k in range(4)]
    print(
        f"Llama 2 conditions: S_L = {S_L:.4f}, v_L = {v_L:.4f}; levels "
        + " / ".join(f"{x:.4f}" for x in reversed(levels))
        + f"; overall {rm_accuracy(S_L, v_L):.4f}; rater agreement {agreement(S_L, 1):.4f}"
    )


if __name__ == "__main__":
    main()
