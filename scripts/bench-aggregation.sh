#!/usr/bin/env bash
# Times labelsim's aggregators against crowd-kit 1.4.2 on the same gen_labels.py folders, running
# both sides alternately in one run (the machines are shared and noisy), and prints the ratio
# crowd-kit seconds / labelsim seconds with both accuracies. Fit time only on both sides.
#
# Usage: scripts/bench-aggregation.sh [CASE...]     CASE = SIZE:K:METHOD, e.g. 1000000:2:dawid-skene
#   default cases: 1000000:2:dawid-skene 100000:5:dawid-skene 100000:5:glad 100000:5:mace
# Environment: RUNS (alternating rounds, default 3; GLAD and MACE on crowd-kit run once),
#   PEERS (folder with gen_labels.py and crowdkit_aggregate.py, default ../shared/bench/peers),
#   DATA (folder for generated data, default /tmp/labelsim-bench-data).
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-../shared/bench/peers}
DATA=${DATA:-/tmp/labelsim-bench-data}
RUNS=${RUNS:-3}
CASES=("$@")
[ ${#CASES[@]} -eq 0 ] && CASES=(1000000:2:dawid-skene 100000:5:dawid-skene 100000:5:glad 100000:5:mace)

python3 -c "import crowdkit" 2>/dev/null || pip install -q crowd-kit
swift build -c release --scratch-path .build >&2
LABELSIM=.build/release/labelsim

crowdkit_name() {
  case "$1" in
    majority) echo MajorityVote ;; wawa) echo Wawa ;; dawid-skene) echo DawidSkene ;;
    one-coin) echo OneCoinDawidSkene ;; glad) echo GLAD ;; mace) echo MACE ;;
  esac
}

field() { python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['$1'])"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

printf '%-28s %12s %12s %8s %10s %10s\n' case crowdkit_s labelsim_s ratio ck_acc ls_acc
for case in "${CASES[@]}"; do
  IFS=: read -r items classes method <<<"$case"
  dir="$DATA/n${items}_k${classes}"
  if [ ! -f "$dir/labels.csv" ]; then
    python3 "$PEERS/gen_labels.py" --items "$items" --classes "$classes" --workers 1000 --redundancy 5 \
      --beta-a 8 --beta-b 2 --seed 0 --out-dir "$dir" >&2
  fi
  ck_runs=$RUNS
  case "$method" in glad|mace) ck_runs=1 ;; esac
  ck_times=(); ls_times=(); ck_acc=; ls_acc=
  for round in $(seq 1 "$RUNS"); do
    if [ "$round" -le "$ck_runs" ]; then
      line=$(python3 "$PEERS/crowdkit_aggregate.py" --data-dir "$dir" --method "$(crowdkit_name "$method")")
      echo "crowd-kit $case round $round: $line" >&2
      ck_times+=("$(field seconds <<<"$line")"); ck_acc=$(field accuracy <<<"$line")
    fi
    line=$("$LABELSIM" bench-aggregate --data-dir "$dir" --methods "$method" --repeats 1 --json)
    echo "labelsim $case round $round: $line" >&2
    ls_times+=("$(field seconds <<<"$line")"); ls_acc=$(field accuracy <<<"$line")
  done
  ck=$(median "${ck_times[@]}"); ls=$(median "${ls_times[@]}")
  ratio=$(python3 -c "print(round($ck / $ls, 1))")
  printf '%-28s %12.4f %12.4f %8s %10.5f %10.5f\n' "$case" "$ck" "$ls" "$ratio" "$ck_acc" "$ls_acc"
done
