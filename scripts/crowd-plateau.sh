#!/usr/bin/env bash
# Majority-vote accuracy against redundancy for the heterogeneous crowd of
# Scenarios/crowd-plateau.yaml and a homogeneous crowd of the same mean accuracy (0.5791).
# Prints CSV: redundancy, heterogeneous mean and CI, homogeneous mean and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LABELSIM:-.build/release/labelsim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
field() { grep '^crowd,label_accuracy,' | cut -d, -f"$1"; }
echo "redundancy,heterogeneous,heterogeneous_ci_low,heterogeneous_ci_high,homogeneous,homogeneous_ci_low,homogeneous_ci_high"
for k in 1 3 5 9 15 25 39; do
  het=$("$bin" run Scenarios/crowd-plateau.yaml --out "$out" --format csv \
    --set vendors.crowd.quality.redundancy=$k 2>/dev/null)
  hom=$("$bin" run Scenarios/crowd-plateau.yaml --out "$out" --format csv \
    --set task.difficulty=0 --set 'task.misleading={share: 0}' --set 'vendors.crowd.workforce.types=[{share: 1, accuracy: 0.5791}]' \
    --set vendors.crowd.workforce.workload=uniform --set vendors.crowd.quality.redundancy=$k 2>/dev/null)
  echo "$k,$(echo "$het" | field 3),$(echo "$het" | field 5),$(echo "$het" | field 6),$(echo "$hom" | field 3),$(echo "$hom" | field 5),$(echo "$hom" | field 6)"
done
