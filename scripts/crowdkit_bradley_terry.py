#!/usr/bin/env python3
"""labelsim's Bradley-Terry against crowd-kit's on a file labelsim exports.

Usage: scripts/crowdkit_bradley_terry.py [LABELSIM] [SCENARIO]
Runs `labelsim comparisons` on SCENARIO (default Scenarios/frontier-rlhf.yaml, with a small pool
and redundancy 3 so that responses meet several raters), then fits crowd-kit's BradleyTerry on the
exported worker,left,right,label file and compares the scores item by item with labelsim's:

1. crowd-kit 1.4.2 as shipped against labelsim with 2 MM iterations: crowd-kit's loop compares each
   iterate with itself (`p_old = p_new` aliases one array), so it always stops after two iterations;
2. crowd-kit with that aliasing fixed (a subclass copying the previous iterate, same update and
   tolerance) against labelsim run to convergence.

Scores sum to 1 over thousands of responses, so differences are reported on n * score (mean 1).
Exit status 1 when a difference exceeds 0.01.
"""
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from crowdkit.aggregation import BradleyTerry


class FixedBradleyTerry(BradleyTerry):
    """crowd-kit's BradleyTerry with the previous iterate copied before it is overwritten."""

    def fit(self, data):
        M, unique_labels = self._build_win_matrix(data)
        T = M.T + M
        active = T > 0
        w = M.sum(axis=1)
        Z = np.zeros_like(M, dtype=float)
        p = np.ones(M.shape[0])
        p_old = None
        self.loss_history_ = []
        for _ in range(self.n_iter):
            P = np.broadcast_to(p, M.shape)
            Z[active] = T[active] / (P[active] + P.T[active])
            p_new = w / Z.sum(axis=0)
            p_new /= p_new.sum()
            p = p_new
            if p_old is not None:
                loss = np.abs(p_new - p_old).sum()
                self.loss_history_.append(loss)
                if loss < self.tol:
                    break
            p_old = p_new.copy()
        self.scores_ = pd.Series(p, index=unique_labels)
        return self


def labelsim_scores(binary, scenario, folder, iterations):
    comparisons = f"{folder}/comparisons.csv"
    scores = f"{folder}/scores-{iterations}.csv"
    subprocess.run(
        [binary, "comparisons", scenario, "--vendor", "crowd", "--out", comparisons, "--scores", scores,
         "--bt-iterations", str(iterations),
         "--set", "data.train_items=1500", "--set", "task.responses_per_prompt=4",
         "--set", "vendors.crowd.quality.redundancy=3", "--set", "budget.items=1500"],
        check=True)
    return pd.read_csv(comparisons), pd.read_csv(scores).set_index("item")["score"]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/labelsim"
    scenario = sys.argv[2] if len(sys.argv) > 2 else "Scenarios/frontier-rlhf.yaml"
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        data, two = labelsim_scores(binary, scenario, folder, 2)
        _, converged = labelsim_scores(binary, scenario, folder, 1000)
        n = len(two)
        shipped = BradleyTerry(n_iter=1000).fit(data).scores_.reindex(two.index)
        fixed_model = FixedBradleyTerry(n_iter=1000).fit(data)
        fixed = fixed_model.scores_.reindex(two.index)
        for name, ours, theirs in [("shipped crowd-kit vs labelsim (2 iterations)", two, shipped),
                                   ("fixed crowd-kit vs labelsim (converged)", converged, fixed)]:
            difference = float(np.max(np.abs(n * (ours - theirs))))
            worst = max(worst, difference)
            print(f"{name}: {len(data)} comparisons, {n} responses, max |n * difference| = {difference:.2e}")
        print(f"fixed crowd-kit iterations: {len(fixed_model.loss_history_) + 1}")
    sys.exit(0 if worst <= 0.01 else 1)


if __name__ == "__main__":
    main()
