#!/usr/bin/env bash
# check-slurm.sh: run a profile of the C9 study as a Slurm job array on a real one-node Slurm
# cluster started on this machine, merge the trial files, run the single-process reference, and
# compare every CSV (and LaTeX file) byte for byte. Prints the wall times and PASS or FAIL.
#
# What it does, in order (everything lives in one temporary folder, removed at the end):
#   1. installs Debian's slurm-wlm and munge with apt-get if a command of theirs is missing
#      (services are not started by the packages: policy-rc.d denies it during the install);
#   2. copies the binary into the temporary folder (a rebuild meanwhile cannot change it);
#   3. starts munged with its own key and socket, then slurmctld and slurmd (foreground daemons,
#      backgrounded) from a minimal slurm.conf: one node on 127.0.0.1 with CPUs from nproc,
#      select/cons_tres, proctrack/linuxproc, task/none, no cgroups, no accounting, no systemd;
#   4. waits until sinfo shows the node idle, submits slurm-array.sbatch with
#      --array=1-N%M (N = lines of `<binary> list`), waits until squeue is empty and checks
#      that every array task completed with exit code 0 and that N trial files exist;
#   5. `<binary> merge` into the same folder, then `<binary> run --threads 1` into the
#      reference folder, and cmp on every CSV and LaTeX file (manifest.json has timestamps);
#   6. whatever happened (failure, Ctrl-C, the overall timeout): cancels the jobs, stops the
#      daemons it started (by their process ids), removes the temporary folder.
#
# Needs root (the daemons run as root) and about 1-2 minutes on two cores for the smoke profile,
# plus about 10 s for the apt-get install on a machine without Slurm.
#
# Usage: tools/scale-out/check-slurm.sh [options]   (--help lists them)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
sbatch_script=$here/slurm-array.sbatch

binary=$repo/.build/release/ppo-objectives
suite=mujoco
profile=smoke
seed=20260521
output=
reference=
max_parallel=$(nproc 2>/dev/null || echo 2)
timeout_s=600
install=1
keep=0
record=

usage() {
    cat <<EOF
Usage: $0 [options]

Runs the trials of one profile as a Slurm job array on a one-node cluster started here, merges
them, and compares the CSVs with a single-process run byte for byte. Exit 0 and PASS only if
every CSV is identical.

Options (defaults in brackets):
  --binary PATH        binary of a scale-out experiment (ppo-objectives, duan-benchmark, …), copied before use [$binary]
  --suite NAME         the binary's --suite (ppo-objectives, duan-benchmark: mujoco or classic-control);
                       empty for an experiment without suites [$suite]
  --profile NAME       smoke, standard or paper [$profile]
  --seed N             master seed [$seed]
  --output DIR         folder for the array's trials and merged results; must not exist or be
                       empty; kept afterwards [a folder inside the temporary folder, removed]
  --reference DIR      folder for the single-process run; same rules [inside the temporary folder]
  --max-parallel M     at most M array tasks at once (sbatch --array=1-N%M) [$max_parallel]
  --timeout SECONDS    give up (clean up and fail) after this long overall [$timeout_s]
  --no-install         fail instead of running apt-get when slurm-wlm or munge is missing
  --keep               keep the temporary folder (logs, slurm.conf) for inspection
  --record FILE        after a PASS, also write the timings (with the CPU and date) to FILE, e.g.
                       results/run-times/scale-out-slurm.md, which make readme copies into the README
  -h, --help           this text
EOF
}

die_usage() { echo "check-slurm.sh: error: $*" >&2; echo "(see $0 --help)" >&2; exit 2; }

while (($#)); do
    case $1 in
        --binary|--suite|--profile|--seed|--output|--reference|--max-parallel|--timeout|--record)
            (($# >= 2)) || die_usage "$1 needs a value"
            opt=$1 val=$2; shift 2 ;;
        --binary=*|--suite=*|--profile=*|--seed=*|--output=*|--reference=*|--max-parallel=*|--timeout=*|--record=*)
            opt=${1%%=*} val=${1#*=}; shift ;;
        --no-install) install=0; shift; continue ;;
        --keep) keep=1; shift; continue ;;
        -h|--help) usage; exit 0 ;;
        *) die_usage "unknown argument '$1'" ;;
    esac
    case $opt in
        --binary) binary=$val ;;
        --record) record=$val ;;
        --suite) suite=$val ;;
        --profile) profile=$val ;;
        --seed) seed=$val ;;
        --output) output=$val ;;
        --reference) reference=$val ;;
        --max-parallel) max_parallel=$val ;;
        --timeout) timeout_s=$val ;;
    esac
done

# ---- Validate the parameters, naming the one at fault.
[[ -f $binary && -x $binary ]] || die_usage "--binary '$binary' is not an executable file (build it with 'swift build -c release')"
[[ -z $suite || $suite == mujoco || $suite == classic-control ]] || die_usage "--suite '$suite' is not one of: mujoco, classic-control, or empty"
suite_args=()
[[ -n $suite ]] && suite_args=(--suite "$suite")
[[ $profile == smoke || $profile == standard || $profile == paper ]] || die_usage "--profile '$profile' is not one of: smoke, standard, paper"
[[ $seed =~ ^[0-9]+$ ]] || die_usage "--seed '$seed' is not a non-negative integer"
[[ $max_parallel =~ ^[1-9][0-9]*$ ]] || die_usage "--max-parallel '$max_parallel' is not a positive integer"
[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || die_usage "--timeout '$timeout_s' is not a positive number of seconds"
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
check_output_folders
if [[ -n $record ]]; then
    mkdir -p "$(dirname "$record")" 2>/dev/null && [[ -w $(dirname "$record") ]] \
        || die_usage "--record '$record': its folder cannot be created or written"
fi
(( EUID == 0 )) || die_usage "must run as root (slurmctld, slurmd and munged run as root here)"
[[ -r $sbatch_script ]] || die_usage "slurm-array.sbatch not found beside this script ($sbatch_script)"

# ---- State for the cleanup; fds 8 and 9 keep the script's own stdout and stderr (closed for
# every command started below).
exec 8>&1 9>&2
tmp=
munged_pid= slurmctld_pid= slurmd_pid= watchdog_pid= child_pid=
job_id=
policy_created=0
result=FAIL
timed_out=0

log() { printf '[check-slurm %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

stop_pid() { # pid name: TERM, up to 10 s, then KILL; only ever a process this script started
    local pid=$1 name=$2 i
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$name ($pid) ignored TERM: KILL"; kill -KILL "$pid" 2>/dev/null; fi
    wait "$pid" 2>/dev/null
}

# Processes that hold a file or their working folder inside our temporary folder: the job steps
# (slurmstepd and the trials) of our cluster, nothing else.
pids_in_tmp() {
    local d pid link
    [[ -n $tmp && -d $tmp ]] || return 0
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
        for link in "$d/cwd" "$d"/fd/*; do
            if [[ $(readlink "$link" 2>/dev/null) == "$tmp"/* ]]; then echo "$pid"; break; fi
        done
    done
}

show_logs() {
    local f
    for f in "$tmp"/munge/munged.log "$tmp"/log/slurmctld.log "$tmp"/log/slurmd.log; do
        [[ -s $f ]] || continue
        echo "---- last lines of $f"; tail -n 15 "$f"
    done
}

cleanup() {
    local rc=$? pid
    exec 1>&8 2>&9   # the signal may have come while a command's output went to a file
    trap - EXIT INT TERM USR1
    [[ -n $child_pid ]] && stop_pid "$child_pid" "running command"
    [[ -n $watchdog_pid ]] && kill "$watchdog_pid" 2>/dev/null
    if [[ -n $job_id && -n $slurmctld_pid ]] && kill -0 "$slurmctld_pid" 2>/dev/null; then
        timeout 10 scancel "$job_id" 2>/dev/null
    fi
    if [[ $result != PASS && -n $tmp && -d $tmp ]]; then show_logs; fi
    stop_pid "$slurmd_pid" slurmd
    stop_pid "$slurmctld_pid" slurmctld
    stop_pid "$munged_pid" munged
    for pid in $(pids_in_tmp); do
        log "stopping leftover job process $pid: $(tr '\0' ' ' < /proc/"$pid"/cmdline 2>/dev/null)"
        stop_pid "$pid" "job process"
    done
    if ((policy_created)); then rm -f /usr/sbin/policy-rc.d; fi
    if [[ -n $tmp && -d $tmp ]]; then
        if ((keep)); then log "kept $tmp"; else rm -rf "$tmp"; fi
    fi
    if [[ $result == PASS ]]; then echo PASS; exit 0; fi
    echo FAIL
    ((rc == 0)) && rc=1
    exit "$rc"
}
on_signal() {
    exec 1>&8 2>&9
    if ((timed_out)); then log "error: overall timeout of ${timeout_s} s (--timeout) reached"; exit 124; fi
    log "interrupted"; exit 130
}
trap cleanup EXIT
trap on_signal INT TERM
fail() { log "error: $*"; exit 1; }

# Runs a command in the background and waits for it, so that a signal (the timeout) is handled
# at once rather than when the command ends. Returns the command's status.
run() {
    "$@" 8>&- 9>&- &
    child_pid=$!
    wait "$child_pid"
    local rc=$?
    child_pid=
    return "$rc"
}

# ---- The overall timeout: a watchdog that signals this script (and ends when the script does).
(
    end=$((SECONDS + timeout_s))
    while ((SECONDS < end)); do
        sleep 1
        kill -0 "$$" 2>/dev/null || exit 0
    done
    kill -USR1 "$$" 2>/dev/null
) 8>&- 9>&- &
watchdog_pid=$!
trap 'timed_out=1; on_signal' USR1

# ---- 1. Slurm and munge, installed only if missing.
need=()
for c in munged munge slurmctld slurmd sbatch sinfo squeue scontrol scancel; do
    command -v "$c" >/dev/null 2>&1 || need+=("$c")
done
if ((${#need[@]})); then
    ((install)) || fail "missing commands: ${need[*]} (install slurm-wlm and munge, or drop --no-install)"
    command -v apt-get >/dev/null || fail "missing commands: ${need[*]}, and no apt-get to install slurm-wlm and munge"
    log "installing slurm-wlm and munge (missing: ${need[*]})"
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        # Keep the packages from starting system-wide daemons of their own.
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy_created=1
    fi
    t=$(now)
    run env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || fail "apt-get update failed"
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null \
        || fail "apt-get install slurm-wlm munge failed"
    log "installed in $(seconds "$t" "$(now)") s"
    if ((policy_created)); then rm -f /usr/sbin/policy-rc.d; policy_created=0; fi
fi

load_at_start=$(cut -d" " -f1-3 /proc/loadavg)
# ---- 2. The temporary folder and the binary's copy.
tmp=$(mktemp -d /tmp/ppo-scaleout-slurm.XXXXXX) || fail "mktemp failed"
chmod 755 "$tmp"
mkdir -p "$tmp"/bin "$tmp"/munge "$tmp"/state "$tmp"/spool "$tmp"/log "$tmp"/jobs
chmod 700 "$tmp"/munge
experiment=$(basename "$binary")   # ppo-objectives, or another scale-out experiment (duan-benchmark, …)
cp "$binary" "$tmp/bin/$experiment" || fail "cannot copy --binary '$binary'"
bin=$tmp/bin/$experiment
[[ -n $output ]] || output=$tmp/array
[[ -n $reference ]] || reference=$tmp/reference
mkdir -p "$output" "$reference" || fail "cannot create --output '$output' or --reference '$reference'"
log "binary $binary (copied to $bin); suite $suite, profile $profile, seed $seed"
log "temporary folder $tmp; array results in $output; reference in $reference"

# ---- 3. munged with its own key and socket.
socket=$tmp/munge/munge.socket.2
dd if=/dev/urandom of="$tmp"/munge/munge.key bs=1024 count=1 status=none && chmod 400 "$tmp"/munge/munge.key
munged --foreground --force --socket="$socket" --key-file="$tmp"/munge/munge.key \
    --pid-file="$tmp"/munge/munged.pid --seed-file="$tmp"/munge/munged.seed \
    --log-file="$tmp"/munge/munged.log --num-threads=2 >>"$tmp"/munge/munged.out 2>&1 8>&- 9>&- &
munged_pid=$!
for ((i = 0; i < 100; i++)); do [[ -S $socket ]] && break; kill -0 "$munged_pid" 2>/dev/null || break; sleep 0.1; done
[[ -S $socket ]] || { cat "$tmp"/munge/munged.out; fail "munged did not start"; }
munge --socket="$socket" -n | unmunge --socket="$socket" >/dev/null || fail "munge/unmunge round trip failed"
log "munged running (pid $munged_pid)"

# ---- 4. slurm.conf for one node on 127.0.0.1.
port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
ctld_port=
for ((p = 16817; p < 16917; p += 2)); do
    if port_free "$p" && port_free $((p + 1)); then ctld_port=$p; break; fi
done
[[ -n $ctld_port ]] || fail "no two free TCP ports from 16817 to 16917 on 127.0.0.1"
slurmd_port=$((ctld_port + 1))
host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
node=scaleout1
export SLURM_CONF=$tmp/slurm.conf
cat > "$SLURM_CONF" <<EOF
# A one-node cluster for tools/scale-out/check-slurm.sh (no systemd, no cgroups, no accounting).
ClusterName=scaleoutcheck
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/builtin
# Start the next array task as soon as one ends (default: batched every 3 s).
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
InactiveLimit=0
KillWait=5
NodeName=$node NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=check Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

slurmctld -D -f "$SLURM_CONF" >>"$tmp"/log/slurmctld.out 2>&1 8>&- 9>&- &
slurmctld_pid=$!
slurmd -D -f "$SLURM_CONF" -N "$node" >>"$tmp"/log/slurmd.out 2>&1 8>&- 9>&- &
slurmd_pid=$!
log "slurmctld (pid $slurmctld_pid, port $ctld_port) and slurmd (pid $slurmd_pid, port $slurmd_port) started; $cpus CPUs"

state=
for ((i = 0; i < 120; i++)); do
    kill -0 "$slurmctld_pid" 2>/dev/null || { cat "$tmp"/log/slurmctld.out; fail "slurmctld exited"; }
    kill -0 "$slurmd_pid" 2>/dev/null || { cat "$tmp"/log/slurmd.out; fail "slurmd exited"; }
    state=$(timeout 5 sinfo -h -n "$node" -o %t 2>/dev/null)
    [[ $state == idle ]] && break
    sleep 0.5
done
[[ $state == idle ]] || fail "node $node not idle after 60 s (sinfo says '${state}')"
log "sinfo: node $node idle"

# ---- 5. The array.
list=$tmp/trials.txt
(cd "$tmp" && "$bin" list "${suite_args[@]}" --profile "$profile" --seed "$seed" --output "$output") > "$list" \
    || fail "$experiment list failed"
n=$(wc -l < "$list")
((n > 0)) || fail "$experiment list printed no trial"
log "$n trials; submitting sbatch --array=1-$n%$max_parallel"
t_array=$(now)
job_id=$(sbatch --parsable --array=1-"$n"%"$max_parallel" --chdir="$tmp"/jobs \
    --output="$tmp"/log/%x-%A_%a.out --time=00:30:00 "$sbatch_script" "$list") || fail "sbatch failed"
job_id=${job_id%%;*}
while [[ -n $(squeue -h -j "$job_id" -o %i 2>/dev/null) ]]; do sleep 0.2; done
array_s=$(seconds "$t_array" "$(now)")
log "array job $job_id done in $array_s s"

tasks=$(scontrol -o show job "$job_id" 2>/dev/null)
completed=$(grep -c 'JobState=COMPLETED .*ExitCode=0:0' <<< "$tasks")
if ((completed != n)); then
    grep -v 'JobState=COMPLETED .*ExitCode=0:0' <<< "$tasks" | grep -o 'JobId=[^ ]* .*JobState=[^ ]*\|ArrayTaskId=[^ ]*\|ExitCode=[^ ]*' | head -20
    for f in "$tmp"/log/ppo-trials-*.out; do grep -l -i 'error' "$f"; done 2>/dev/null | head -3 | xargs -r tail -n 5
    fail "$completed of $n array tasks completed with exit code 0"
fi
files=$(find "$output"/trials -name '*.json' 2>/dev/null | wc -l)
((files == n)) || fail "$files trial files in $output/trials, expected $n"
log "all $n array tasks COMPLETED with ExitCode 0:0; $files trial files"

# ---- 6. Merge, the single-process reference, and the byte comparison.
t=$(now)
run "$bin" merge "${suite_args[@]}" --profile "$profile" --seed "$seed" --output "$output" || fail "$experiment merge failed"
merge_s=$(seconds "$t" "$(now)")
t=$(now)
run "$bin" run "${suite_args[@]}" --profile "$profile" --seed "$seed" --threads 1 --quiet --output "$reference" \
    || fail "$experiment run (reference) failed"
reference_s=$(seconds "$t" "$(now)")

mismatch=0 compared=0 csvs=0
while IFS= read -r name; do
    compared=$((compared + 1))
    [[ $name == *.csv ]] && csvs=$((csvs + 1))
    if [[ ! -f $output/$name ]]; then
        echo "missing in the array's results: $name"; mismatch=$((mismatch + 1))
    elif ! cmp "$reference/$name" "$output/$name"; then
        mismatch=$((mismatch + 1))
    fi
done < <(cd "$reference" && find . -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tex' \) -printf '%f\n' | sort)
extra=$(cd "$output" && find . -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tex' \) -printf '%f\n' | sort \
    | comm -23 - <(cd "$reference" && find . -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tex' \) -printf '%f\n' | sort))
[[ -n $extra ]] && { echo "only in the array's results: $extra"; mismatch=$((mismatch + 1)); }
((csvs > 0)) || { echo "no CSV in the reference folder"; mismatch=$((mismatch + 1)); }

summary="$experiment, suite ${suite:-none}, profile $profile, seed $seed, $n trials, $cpus CPUs, at most $max_parallel array tasks at once
load average when the check started: $load_at_start (wall times on a shared machine)
slurm array (submit to last task done): $array_s s
merge:                                  $merge_s s
single-process reference (--threads 1): $reference_s s
cmp: $((compared - mismatch)) of $compared files identical ($csvs CSVs; manifest.json not compared)"
echo
echo "$summary"
((mismatch == 0)) || fail "$mismatch files differ between the array's results and the reference"
[[ -z $record ]] || record_summary "check-slurm.sh" "$summary" "$record" || fail "could not write --record $record"
result=PASS
