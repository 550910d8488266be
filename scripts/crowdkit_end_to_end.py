"""crowd-kit end to end, as a user would run it: import, pandas read, DawidSkene fit_predict, write.

Usage: crowdkit_end_to_end.py LAYOUT LABELS OUT   (LAYOUT: csv | whitespace | gal)

Writes the same content labelsim's `aggregate --out` writes (item, label, one posterior column per
class, classes sorted) and prints one JSON line with the stage times. The caller times the whole
process from outside (interpreter start included).
"""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402
from crowdkit.aggregation import DawidSkene  # noqa: E402

t1 = time.perf_counter()
layout, path, out = sys.argv[1:4]
if layout == "csv":
    data = pd.read_csv(path)
elif layout == "whitespace":
    data = pd.read_csv(path, sep="\t", header=None, names=["task", "worker", "label"])
else:
    data = pd.read_csv(path, sep="\t", header=None, names=["worker", "task", "label"])
t2 = time.perf_counter()
model = DawidSkene(n_iter=100, tol=1e-5)
labels = model.fit_predict(data)
t3 = time.perf_counter()
posteriors = model.probas_[sorted(model.probas_.columns)]
posteriors.columns = [f"p_{c}" for c in posteriors.columns]
posteriors.insert(0, "label", labels)
posteriors.index.name = "item"
posteriors.to_csv(out)
t4 = time.perf_counter()
print(json.dumps({"import": round(t1 - t0, 3), "read": round(t2 - t1, 3), "fit": round(t3 - t2, 3), "write": round(t4 - t3, 3)}))
