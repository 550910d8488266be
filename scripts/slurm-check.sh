#!/usr/bin/env bash
# make slurm-check: scale-out proven on a real Slurm. Starts a one-node cluster on this machine
# (munged, slurmctld, slurmd, all configured in a temporary folder), submits a sharded sweep as a job
# array and the merge as a job that depends on it, and checks that the merged folder equals an
# unsharded run of the same sweep byte for byte. Stops everything it started, also on failure.
#
#   bash scripts/slurm-check.sh            # or: make slurm-check
#   SHARDS=3 KEEP=1 bash scripts/slurm-check.sh
#
# SHARDS (default 4): array size. KEEP=1: keep the temporary folder (logs, slurm.conf, results)
# after a successful run; after a failure it is always kept and its path printed.
# Installs slurm-wlm and munge with apt-get when missing (sudo when not root); the cluster itself
# needs root (slurmd starts jobs as their owner). Exit 0 when every
# file that must be equal is equal; 1 otherwise, or when a daemon cannot start (naming it and
# quoting its log).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shards=${SHARDS:-4}
keep=${KEEP:-0}
scenario="$repo/Scenarios/medical-sweep.yaml"
# The shipped medical sweep (its `sweep:` block: 5 redundancies × 3 budgets), made small enough
# to run in about a minute: fewer replications, a smaller pool and test set.
sweep_args=(--replications 3 --set data.train_items=6000 --set data.test_items=500)

say() { printf 'slurm-check: %s\n' "$*"; }
die() {
  printf 'slurm-check: FAILED: %s\n' "$*" >&2
  exit 1
}
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "SHARDS must be a positive integer, not '$shards'"

# --- 1. Packages -------------------------------------------------------------------------------
missing=()
for pair in slurmctld:slurm-wlm slurmd:slurm-wlm sbatch:slurm-wlm munged:munge mungekey:munge; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "${pair%%:*}" >/dev/null 2>&1 ||
    missing+=("${pair##*:}")
done
export PATH="$PATH:/usr/sbin:/sbin"
if [ ${#missing[@]} -gt 0 ]; then
  readarray -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  say "installing ${missing[*]} with apt-get"
  # The packages' maintainer scripts would start the system-wide services (with /etc/slurm's
  # configuration, which does not exist). A policy-rc.d answering 101 forbids that; we only add
  # one for the install when the machine has none.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  status=0
  { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
    status=$?
  [ "$policy_added" -eq 0 ] || "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
  [ "$status" -eq 0 ] || die "apt-get install ${missing[*]} failed (status $status)"
fi
say "$(slurmctld -V), $(munged --version 2>&1 | awk '{print $1; exit}')"

# --- 2. Build ----------------------------------------------------------------------------------
bash "$repo/scripts/setup.sh"
say "building labelsim (release)"
build_log=$(mktemp "${TMPDIR:-/tmp}/labelsim-slurm-build.XXXXXX")
if ! (cd "$repo" && "${SWIFT:-swift}" build -c release --product labelsim >"$build_log" 2>&1); then
  tail -n 20 "$build_log" >&2
  die "swift build -c release failed (whole log: $build_log)"
fi
rm -f "$build_log"
bin="$repo/.build/release/labelsim"
[ -x "$bin" ] || die "no $bin after the build"

# slurmd runs each job as its owner and so must be root; so must slurmctld beside it here.
if [ "$(id -u)" -ne 0 ]; then
  die "slurmd must run as root to start jobs: rerun as root (sudo bash scripts/slurm-check.sh); the build is done"
fi

# --- 3. The cluster's folder and the clean-up trap ---------------------------------------------
state=$(mktemp -d "${TMPDIR:-/tmp}/labelsim-slurm.XXXXXX")
# munged needs every folder above its socket searchable by all (it refuses to start otherwise);
# 711 lets others traverse but not list.
chmod 711 "$state"
mkdir -p "$state"/{munge,ctld,spool,log,out}
pids=()
names=()
ok=0
job_ids=()
cleanup() {
  local rc=$?
  set +e
  if [ -n "${SLURM_CONF:-}" ] && [ ${#job_ids[@]} -gt 0 ] && [ -n "$(squeue -h -j "$(IFS=,; echo "${job_ids[*]}")" 2>/dev/null)" ]; then
    scancel "${job_ids[@]}" 2>/dev/null && say "cancelled jobs ${job_ids[*]}"
    for _ in $(seq 50); do
      [ -z "$(squeue -h -j "$(IFS=,; echo "${job_ids[*]}")" 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  # Stop in reverse order of start: slurmd, slurmctld, munged.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || continue
    for _ in $(seq 100); do
      kill -0 "${pids[$i]}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      kill -KILL "${pids[$i]}" 2>/dev/null
      say "${names[$i]} (pid ${pids[$i]}) did not stop on SIGTERM; killed"
    fi
    wait "${pids[$i]}" 2>/dev/null
  done
  [ ${#pids[@]} -eq 0 ] || say "stopped ${names[*]}"
  if [ "$ok" -eq 1 ] && [ "$keep" != 1 ]; then
    rm -rf "$state"
  else
    say "kept $state (logs in $state/log)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints why daemon $1 failed ($3), quoting its log $2 (or, when that is empty, its stderr beside it), and exits.
daemon_failed() {
  local log
  {
    printf 'slurm-check: FAILED: %s %s\n' "$1" "$3"
    for log in "$2" "${2%.log}.stderr"; do
      [ -s "$log" ] || continue
      if grep -q -E -i 'error|fatal' "$log"; then
        printf 'slurm-check: %s says:\n' "$log"
        grep -E -i 'error|fatal' "$log" | tail -n 5 | sed 's/^/  /'
      else
        printf 'slurm-check: %s ends:\n' "$log"
        tail -n 5 "$log" | sed 's/^/  /'
      fi
      break
    done
  } >&2
  exit 1
}

# Sets reason: "it exited with status S" when the daemon started $1-th has exited, else $2.
reason_for() {
  reason=$2
  kill -0 "${pids[$1]}" 2>/dev/null && return 0
  local status=0
  wait "${pids[$1]}" 2>/dev/null || status=$?
  reason="it exited with status $status"
}

# A free TCP port near $1 (nothing listening on it on 127.0.0.1).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# --- 4. munged ---------------------------------------------------------------------------------
socket="$state/munge/munge.socket"
mungekey --create --keyfile="$state/munge/munge.key" 2>"$state/log/mungekey.log" ||
  daemon_failed munged "$state/log/mungekey.log" "cannot start: mungekey could not create its key"
chmod 600 "$state/munge/munge.key"
# In the foreground munged logs to stderr.
munged --foreground --socket="$socket" --key-file="$state/munge/munge.key" --pid-file="$state/munge/munged.pid" \
  --seed-file="$state/munge/munged.seed" >>"$state/log/munged.log" 2>&1 &
pids+=($!)
names+=(munged)
for _ in $(seq 50); do
  [ -S "$socket" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || break
  sleep 0.1
done
if [ ! -S "$socket" ]; then
  reason_for 0 "made no socket $socket in 5 s"
  daemon_failed munged "$state/log/munged.log" "did not start: $reason"
fi
munge -n -S "$socket" | unmunge -S "$socket" >/dev/null 2>"$state/log/unmunge.log" ||
  daemon_failed munged "$state/log/unmunge.log" "does not work: a credential made by munge does not decode with unmunge"

# --- 5. slurm.conf, slurmctld, slurmd ----------------------------------------------------------
host=$(hostname -s)
node_line=$(slurmd -C | head -n 1)
[[ "$node_line" == NodeName=* ]] || die "slurmd -C did not describe this node: $node_line"
node_line=${node_line#NodeName=* }
cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$node_line")
ctld_port=$(free_port 16817)
slurmd_port=$(free_port $((ctld_port + 1)))
export SLURM_CONF="$state/slurm.conf"
cat >"$SLURM_CONF" <<EOF
# Generated by scripts/slurm-check.sh: a one-node cluster for this check only.
ClusterName=labelsim-check
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
# A job whose dependency can never be met is cancelled instead of pending forever.
DependencyParameters=kill_invalid_depend
# Finished jobs stay visible to scontrol until the check has read their exit codes.
MinJobAge=3600
NodeName=$host NodeAddr=127.0.0.1 $node_line State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
say "slurm.conf in $SLURM_CONF (node $host, $cpus CPUs, ports $ctld_port/$slurmd_port)"

slurmctld -D -c -f "$SLURM_CONF" >>"$state/log/slurmctld.stderr" 2>&1 &
pids+=($!)
names+=(slurmctld)
for _ in $(seq 100); do
  scontrol ping 2>/dev/null | grep -q 'is UP' && break
  kill -0 "${pids[1]}" 2>/dev/null || break
  sleep 0.2
done
if ! scontrol ping 2>/dev/null | grep -q 'is UP'; then
  reason_for 1 "scontrol ping does not answer UP after 20 s"
  daemon_failed slurmctld "$state/log/slurmctld.log" "did not start: $reason"
fi

slurmd -D -f "$SLURM_CONF" -N "$host" >>"$state/log/slurmd.stderr" 2>&1 &
pids+=($!)
names+=(slurmd)
node_state=""
for _ in $(seq 150); do
  node_state=$(sinfo -h -n "$host" -o %T 2>/dev/null | head -n 1)
  [ "$node_state" = idle ] && break
  kill -0 "${pids[2]}" 2>/dev/null || break
  sleep 0.2
done
if [ "$node_state" != idle ]; then
  reason_for 2 "node $host is '${node_state:-unknown}', not idle, after 30 s"
  daemon_failed slurmd "$state/log/slurmd.log" "did not start: $reason"
fi
say "cluster up: munged pid ${pids[0]}, slurmctld pid ${pids[1]}, slurmd pid ${pids[2]}; node $host idle"

# --- 6. Jobs: the sharded sweep as an array, the merge after it --------------------------------
shard_dir="$state/shards"
merged_dir="$state/merged"
first_id() { cut -d ';' -f 1; }
array_id=$(sbatch --parsable --job-name=labelsim-shard --array="1-$shards" --cpus-per-task=1 --chdir="$repo" \
  --output="$state/out/shard-%a.out" \
  --wrap="exec '$bin' sweep '$scenario' ${sweep_args[*]} --shard \${SLURM_ARRAY_TASK_ID}/$shards --threads 1 --out '$shard_dir'" |
  first_id) || die "sbatch of the shard array failed"
job_ids+=("$array_id")
merge_id=$(sbatch --parsable --job-name=labelsim-merge --dependency="afterok:$array_id" --chdir="$repo" \
  --output="$state/out/merge.out" \
  --wrap="exec '$bin' merge '$shard_dir'/*-shard-*-of-$shards --out '$merged_dir'" | first_id) ||
  die "sbatch of the merge job failed"
job_ids+=("$merge_id")
say "submitted shard array job $array_id (tasks 1-$shards: labelsim sweep … --shard i/$shards)"
say "submitted merge job $merge_id (--dependency=afterok:$array_id: labelsim merge)"

# While Slurm runs the shards, the same sweep runs here unsharded: the reference.
whole_dir="$state/whole"
started=$(date +%s)
"$bin" sweep "$scenario" "${sweep_args[@]}" --threads 1 --out "$whole_dir" >"$state/out/whole.out" 2>&1 ||
  die "the unsharded reference sweep failed: $(tail -n 3 "$state/out/whole.out")"
say "unsharded reference sweep done in $(($(date +%s) - started)) s"

deadline=$(($(date +%s) + ${TIMEOUT:-900}))
while [ -n "$(squeue -h -j "$array_id,$merge_id" 2>/dev/null)" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || die "jobs $array_id and $merge_id not finished after ${TIMEOUT:-900} s: $(squeue -j "$array_id,$merge_id")"
  kill -0 "${pids[1]}" 2>/dev/null || daemon_failed slurmctld "$state/log/slurmctld.log" "exited while the jobs ran"
  kill -0 "${pids[2]}" 2>/dev/null || daemon_failed slurmd "$state/log/slurmd.log" "exited while the jobs ran"
  sleep 1
done
say "jobs finished in $(($(date +%s) - started)) s:"
failed=0
seen=0
# One line per array task (in task order), then the merge job.
# The value of KEY=VALUE $1 in the one-line job record $line.
field() { sed -n "s/^\(.* \)\{0,1\}$1=\([^ ]*\).*/\2/p" <<<"$line"; }
while read -r line; do
  id=$(field JobId)
  task=$(field ArrayTaskId)
  job_state=$(field JobState)
  exit_code=$(field ExitCode)
  if [ -n "$task" ]; then label="array task ${array_id}_$task"; else label="merge"; fi
  printf '  job %-5s %-18s %-10s exit %-5s run time %s\n' "$id" "$label" "$job_state" "$exit_code" "$(field RunTime)"
  [ "$job_state" = COMPLETED ] && [ "$exit_code" = 0:0 ] || failed=1
  seen=$((seen + 1))
done < <(
  scontrol -o show job "$array_id" 2>/dev/null | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^ArrayTaskId=/) print substr($i, 13) "\t" $0 }' |
    sort -n | cut -f 2-
  scontrol -o show job "$merge_id" 2>/dev/null
)
[ "$seen" -eq $((shards + 1)) ] || failed=1
if [ "$failed" -ne 0 ]; then
  for f in "$state"/out/shard-*.out "$state/out/merge.out"; do
    [ -s "$f" ] && printf '  %s: %s\n' "$(basename "$f")" "$(tail -n 2 "$f" | tr '\n' ' ')"
  done
  die "a job did not complete with exit 0"
fi

# --- 7. Byte comparison ------------------------------------------------------------------------
whole=$(find "$whole_dir" -mindepth 1 -maxdepth 1 -type d)
merged=$(find "$merged_dir" -mindepth 1 -maxdepth 1 -type d)
if [ -z "$whole" ] || [ "$(wc -l <<<"$whole")" -ne 1 ]; then die "expected one sweep folder in $whole_dir"; fi
if [ -z "$merged" ] || [ "$(wc -l <<<"$merged")" -ne 1 ]; then die "expected one merged folder in $merged_dir"; fi
[ "$(basename "$whole")" = "$(basename "$merged")" ] ||
  die "folder names differ: $(basename "$whole") vs $(basename "$merged")"
say "comparing $(basename "$merged") (merged from $shards shards) with the unsharded run:"
(cd "$whole" && find . -type f | sort) >"$state/whole.files"
(cd "$merged" && find . -type f | sort) >"$state/merged.files"
if ! diff -q "$state/whole.files" "$state/merged.files" >/dev/null; then
  diff "$state/whole.files" "$state/merged.files" | sed 's/^/  /' >&2
  die "the two folders do not hold the same files"
fi
equal=0
differ=0
while read -r file; do
  file=${file#./}
  if [ "$file" = manifest.json ]; then
    # The one file allowed to differ: it records the command that wrote the folder (merge
    # lists its shard folders), not results. It must still name the same scenario.
    grep -q '"merged_shards"' "$merged/$file" || { say "  manifest.json of the merge lists no merged_shards"; differ=$((differ + 1)); }
    printf '  %-10s %s (records the command line and merged_shards; not compared)\n' "skipped" "$file"
    continue
  fi
  size=$(wc -c <"$whole/$file")
  if cmp -s "$whole/$file" "$merged/$file"; then
    printf '  %-10s %s (%s bytes)\n' "identical" "$file" "$size"
    equal=$((equal + 1))
  else
    printf '  %-10s %s: %s\n' "DIFFERENT" "$file" "$(cmp "$whole/$file" "$merged/$file" 2>&1 | head -n 1)"
    differ=$((differ + 1))
  fi
done <"$state/whole.files"
[ "$differ" -eq 0 ] || die "$differ file(s) differ between the merged and the unsharded sweep"
[ "$equal" -gt 0 ] || die "no file compared"
ok=1
say "PASSED: $equal files byte-identical (cmp); array job $array_id ($shards tasks), merge job $merge_id"
