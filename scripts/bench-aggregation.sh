#!/usr/bin/env bash
# Times labelsim's aggregators against crowd-kit 1.4.2 on the same gen_labels.py folders, running
# both sides alternately in one run (the machines are shared and noisy), and prints the ratio
# crowd-kit seconds / labelsim seconds with both accuracies. Two tables:
# 1. fit time only on both sides, per CASE;
# 2. end to end, process start to output file, on the E2E_ITEMS × 5-label K=2 file in three
#    layouts (the CSV, the same lines as headerless `item<TAB>worker<TAB>label`, and as
#    Get-Another-Label `worker<TAB>item<TAB>label`): `labelsim aggregate FILE --method
#    dawid-skene --out OUT` against a fresh python running scripts/crowdkit_end_to_end.py
#    (import pandas and crowd-kit, pandas read_csv, DawidSkene fit_predict, write the same
#    item,label,p_<class> CSV); the fit-only ratio of that file is printed beside.
#
# Usage: scripts/bench-aggregation.sh [CASE...]     CASE = SIZE:K:METHOD, e.g. 1000000:2:dawid-skene
#   default cases: 1000000:2:dawid-skene 100000:5:dawid-skene 100000:5:glad 100000:5:mace
# Environment: RUNS (alternating rounds, default 3; GLAD and MACE on crowd-kit run once),
#   E2E_RUNS (end-to-end rounds, default 3), E2E_ITEMS (default 1000000; 0 skips table 2),
#   PEERS (folder with gen_labels.py and crowdkit_aggregate.py, default ../shared/bench/peers),
#   DATA (folder for generated data, default /tmp/labelsim-bench-data), BASE (an older labelsim
#   binary, e.g. a copy of a previous release build: when set, its reading rate and end-to-end time
#   are measured in the same rounds, alternated with this tree's, and printed beside them).
#   Installs crowd-kit and pandas into a venv under .build/bench-venv when python3 lacks them.
# Table 1's read_mb_s is the median `read_megabytes_per_second` (labels.csv alone, 10^6 bytes/s)
# of labelsim's rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-../shared/bench/peers}
DATA=${DATA:-/tmp/labelsim-bench-data}
RUNS=${RUNS:-3}
CASES=("$@")
[ ${#CASES[@]} -eq 0 ] && CASES=(1000000:2:dawid-skene 100000:5:dawid-skene 100000:5:glad 100000:5:mace)

E2E_RUNS=${E2E_RUNS:-3}
E2E_ITEMS=${E2E_ITEMS:-1000000}
PYTHON=python3
if ! python3 -c "import crowdkit, pandas" 2>/dev/null; then
  [ -x .build/bench-venv/bin/python ] || python3 -m venv .build/bench-venv >&2
  PYTHON=.build/bench-venv/bin/python
  "$PYTHON" -c "import crowdkit, pandas" 2>/dev/null || "$PYTHON" -m pip install -q crowd-kit pandas >&2
fi
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

BASE=${BASE:-}
printf '%-28s %12s %12s %8s %10s %10s %10s %12s\n' case crowdkit_s labelsim_s ratio ck_acc ls_acc read_mb_s base_read_mb_s
for case in "${CASES[@]}"; do
  IFS=: read -r items classes method <<<"$case"
  dir="$DATA/n${items}_k${classes}"
  if [ ! -f "$dir/labels.csv" ]; then
    "$PYTHON" "$PEERS/gen_labels.py" --items "$items" --classes "$classes" --workers 1000 --redundancy 5 \
      --beta-a 8 --beta-b 2 --seed 0 --out-dir "$dir" >&2
  fi
  ck_runs=$RUNS
  case "$method" in glad|mace) ck_runs=1 ;; esac
  ck_times=(); ls_times=(); ck_acc=; ls_acc=; reads=(); base_reads=()
  for round in $(seq 1 "$RUNS"); do
    if [ "$round" -le "$ck_runs" ]; then
      line=$("$PYTHON" "$PEERS/crowdkit_aggregate.py" --data-dir "$dir" --method "$(crowdkit_name "$method")")
      echo "crowd-kit $case round $round: $line" >&2
      ck_times+=("$(field seconds <<<"$line")"); ck_acc=$(field accuracy <<<"$line")
    fi
    line=$("$LABELSIM" bench-aggregate --data-dir "$dir" --methods "$method" --repeats 1 --json)
    echo "labelsim $case round $round: $line" >&2
    ls_times+=("$(field seconds <<<"$line")"); ls_acc=$(field accuracy <<<"$line")
    reads+=("$(field read_megabytes_per_second <<<"$line")")
    if [ -n "$BASE" ]; then
      line=$("$BASE" bench-aggregate --data-dir "$dir" --methods "$method" --repeats 1 --json)
      echo "base $case round $round: $line" >&2
      base_reads+=("$(field read_megabytes_per_second <<<"$line")")
    fi
  done
  ck=$(median "${ck_times[@]}"); ls=$(median "${ls_times[@]}")
  ratio=$(python3 -c "print(round($ck / $ls, 1))")
  read=$(median "${reads[@]}"); base_read=-
  [ -n "$BASE" ] && base_read=$(median "${base_reads[@]}")
  printf '%-28s %12.4f %12.4f %8s %10.5f %10.5f %10.1f %12s\n' "$case" "$ck" "$ls" "$ratio" "$ck_acc" "$ls_acc" "$read" "$base_read"
  [ "$case" = "$E2E_ITEMS:2:dawid-skene" ] && fit_ratio=$ratio
done

[ "$E2E_ITEMS" -gt 0 ] || exit 0
# Wall seconds of one command, from before its process starts to after it exits.
wall() {
  python3 -c 'import subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(round(time.perf_counter() - t, 4)) if code == 0 else sys.exit(code)' "$@"
}
dir="$DATA/n${E2E_ITEMS}_k2"
if [ ! -f "$dir/labels.csv" ]; then
  "$PYTHON" "$PEERS/gen_labels.py" --items "$E2E_ITEMS" --classes 2 --workers 1000 --redundancy 5 \
    --beta-a 8 --beta-b 2 --seed 0 --out-dir "$dir" >&2
fi
[ -f "$dir/labels.tsv" ] || awk -F, 'NR > 1 { print $1 "\t" $2 "\t" $3 }' "$dir/labels.csv" >"$dir/labels.tsv"
[ -f "$dir/labels.gal.tsv" ] || awk -F, 'NR > 1 { print $2 "\t" $1 "\t" $3 }' "$dir/labels.csv" >"$dir/labels.gal.tsv"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo
printf '%-12s %10s %14s %14s %10s %10s %12s %10s\n' layout mb crowdkit_e2e_s labelsim_e2e_s e2e_ratio fit_ratio base_e2e_s base_ratio
for layout in csv whitespace gal; do
  case "$layout" in csv) file=$dir/labels.csv ;; whitespace) file=$dir/labels.tsv ;; gal) file=$dir/labels.gal.tsv ;; esac
  ck_times=(); ls_times=(); base_times=()
  for round in $(seq 1 "$E2E_RUNS"); do
    ck_times+=("$(wall "$PYTHON" scripts/crowdkit_end_to_end.py "$layout" "$file" "$out/ck.csv")")
    ls_times+=("$(wall "$LABELSIM" aggregate "$file" --method dawid-skene --out "$out/ls.csv")")
    echo "end to end $layout round $round: crowd-kit ${ck_times[-1]} s, labelsim ${ls_times[-1]} s" >&2
    if [ -n "$BASE" ]; then
      base_times+=("$(wall "$BASE" aggregate "$file" --method dawid-skene --out "$out/base.csv")")
      cmp -s "$out/ls.csv" "$out/base.csv" || echo "warning: $layout: labelsim and BASE wrote different files" >&2
      echo "end to end $layout round $round: base ${base_times[-1]} s" >&2
    fi
  done
  ck=$(median "${ck_times[@]}"); ls=$(median "${ls_times[@]}")
  ratio=$(python3 -c "print(round($ck / $ls, 1))")
  base=-; base_ratio=-
  if [ -n "$BASE" ]; then
    base=$(median "${base_times[@]}")
    base_ratio=$(python3 -c "print(round($ck / $base, 1))")
  fi
  mb=$(python3 -c "import os; print(round(os.path.getsize('$file') / 1e6, 1))")
  printf '%-12s %10s %14.3f %14.3f %10s %10s %12s %10s\n' "$layout" "$mb" "$ck" "$ls" "$ratio" "${fit_ratio:--}" "$base" "$base_ratio"
done
