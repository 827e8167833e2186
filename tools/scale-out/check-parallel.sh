#!/usr/bin/env bash
# check-parallel.sh: run a profile of the C9 study with GNU parallel (no scheduler), one process
# per trial, merge the trial files, run the single-process reference, and compare every CSV (and
# LaTeX file) byte for byte. Prints the wall times and PASS or FAIL.
#
# What it does, in order (everything lives in one temporary folder, removed at the end):
#   1. installs Debian's `parallel` with apt-get if it is missing;
#   2. copies the binary into the temporary folder (a rebuild meanwhile cannot change it);
#   3. `ppo-objectives list … | parallel -j N` into one folder, checks that every line exited 0
#      and that one trial file per line exists, then `ppo-objectives merge`;
#   4. `ppo-objectives run --threads 1` into the reference folder, and cmp on every CSV and LaTeX
#      file (manifest.json has timestamps);
#   5. the resume check (unless --no-resume-check): deletes 3 trial files, reruns the whole list,
#      requires "already done" from every other trial and "wrote" from the 3, merges again and
#      compares again.
#
# Across several machines (not run by this script; `--dry-run` prints these commands too):
#
#   # every host has the same build at the same absolute path (the binary finds MuJoCo in
#   # <repo>/.deps by absolute path: run `make deps` there) and password-less ssh.
#   B=/work/main/.build/release/ppo-objectives OUT=/data/ppo-mujoco
#   $B list --suite mujoco --profile paper --output "$OUT" > trials.txt
#   parallel --sshlogin 2/host1,2/host2,: --workdir /tmp --joblog trials.log < trials.txt
#     (2/host = two trials at once there; ':' = this machine too; on a shared file system OUT is
#      the same folder everywhere and there is nothing to copy)
#   # without a shared file system, gather every machine's trial files into one folder, then merge:
#   mkdir -p "$OUT/trials"; for h in host1 host2; do rsync -a "$h:$OUT/trials/" "$OUT/trials/"; done
#   $B merge --suite mujoco --profile paper --output "$OUT"
#
# Trial files carry a fingerprint of the configuration (profile, seed, settings) in their name and
# the computation fingerprint of the build that made them inside: `merge` (and `trial`, `run`)
# refuse a file made by a build that computes different numbers, naming the file. Rerunning the
# same list (`parallel --resume --joblog trials.log`, or plainly again) skips every trial whose file
# exists ("already done").
#
# Usage: tools/scale-out/check-parallel.sh [options]   (--help lists them)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

binary=$repo/.build/release/ppo-objectives
suite=mujoco
profile=smoke
seed=20260521
output=
reference=
jobs=$(nproc 2>/dev/null || echo 2)
timeout_s=600
install=1
keep=0
record=
resume_check=1
dry_run=0

usage() {
    cat <<EOF
Usage: $0 [options]

Runs the trials of one profile with GNU parallel, one process per trial, merges them, and compares
the CSVs with a single-process run byte for byte. Exit 0 and PASS only if every CSV is identical.

Options (defaults in brackets):
  --binary PATH        binary of a scale-out experiment (ppo-objectives, duan-benchmark, …), copied before use [$binary]
  --suite NAME         the binary's --suite (ppo-objectives, duan-benchmark: mujoco or classic-control);
                       empty for an experiment without suites [$suite]
  --profile NAME       smoke, standard or paper [$profile]
  --seed N             master seed [$seed]
  --output DIR         folder for the trials and merged results; must not exist or be empty;
                       kept afterwards [a folder inside the temporary folder, removed]
  --reference DIR      folder for the single-process run; same rules [inside the temporary folder]
  --jobs N             trials at once (parallel -j N) [$jobs]
  --timeout SECONDS    give up (clean up and fail) after this long overall [$timeout_s]
  --no-resume-check    skip the rerun that checks "already done" and the merge after a resume
  --no-install         fail instead of running apt-get when parallel is missing
  --keep               keep the temporary folder for inspection
  --record FILE        after a PASS, also write the timings (with the CPU and date) to FILE, e.g.
                       results/run-times/scale-out-parallel.md, which make readme copies into the README
  --dry-run            print the commands (this machine, and across hosts) and exit
  -h, --help           this text

Across hosts (see --dry-run): parallel --sshlogin 2/host1,2/host2 --workdir /tmp < trials.txt,
then copy every machine's DIR/trials/*.json into one DIR/trials/ and run merge.
EOF
}

die_usage() { echo "check-parallel.sh: error: $*" >&2; echo "(see $0 --help)" >&2; exit 2; }

while (($#)); do
    case $1 in
        --binary|--suite|--profile|--seed|--output|--reference|--jobs|--timeout|--record)
            (($# >= 2)) || die_usage "$1 needs a value"
            opt=$1 val=$2; shift 2 ;;
        --binary=*|--suite=*|--profile=*|--seed=*|--output=*|--reference=*|--jobs=*|--timeout=*|--record=*)
            opt=${1%%=*} val=${1#*=}; shift ;;
        --no-install) install=0; shift; continue ;;
        --no-resume-check) resume_check=0; shift; continue ;;
        --keep) keep=1; shift; continue ;;
        --dry-run) dry_run=1; shift; continue ;;
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
        --jobs) jobs=$val ;;
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
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die_usage "--jobs '$jobs' is not a positive integer"
[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || die_usage "--timeout '$timeout_s' is not a positive number of seconds"
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
check_output_folders
if [[ -n $record ]]; then
    mkdir -p "$(dirname "$record")" 2>/dev/null && [[ -w $(dirname "$record") ]] \
        || die_usage "--record '$record': its folder cannot be created or written"
fi

if ((dry_run)); then
    o=${output:-/tmp/ppo-scaleout/array} r=${reference:-/tmp/ppo-scaleout/reference}
    b=$(realpath "$binary")
    cat <<EOF
# This machine ($jobs trials at once):
$b list ${suite_args[*]} --profile $profile --seed $seed --output $o > trials.txt
parallel --will-cite -j $jobs --halt soon,fail=1 --joblog trials.log < trials.txt
ls $o/trials/*.json | wc -l     # must equal: wc -l < trials.txt
$b merge ${suite_args[*]} --profile $profile --seed $seed --output $o
$b run ${suite_args[*]} --profile $profile --seed $seed --threads 1 --output $r
for f in $r/*.csv; do cmp "\$f" $o/\$(basename "\$f"); done

# Resume after an interruption: rerun the same list; a trial whose file exists prints
# "already done" and exits 0 without training (with the same joblog, --resume-failed also skips
# the lines that parallel already saw succeed)
parallel --will-cite -j $jobs --halt soon,fail=1 < trials.txt
parallel --will-cite -j $jobs --joblog trials.log --resume-failed < trials.txt

# Across hosts: the same build at the same absolute path on each (MuJoCo in <repo>/.deps, make deps),
# password-less ssh; N/host = N trials at once there, ':' = this machine.
parallel --will-cite --sshlogin $jobs/host1,$jobs/host2,: --workdir /tmp --joblog trials.log < trials.txt
# Without a shared file system, gather the trial files into one folder, then merge:
mkdir -p $o/trials
for h in host1 host2; do rsync -a "\$h:$o/trials/" $o/trials/; done
$b merge ${suite_args[*]} --profile $profile --seed $seed --output $o
EOF
    exit 0
fi

# ---- State for the cleanup; fds 8 and 9 keep the script's own stdout and stderr (closed for
# every command started below).
exec 8>&1 9>&2
tmp= watchdog_pid= child_pid=
result=FAIL
timed_out=0

log() { printf '[check-parallel %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

stop_pid() { # pid name: TERM, up to 10 s, then KILL; only ever a process this script started
    local pid=$1 name=$2 i
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$name ($pid) ignored TERM: KILL"; kill -KILL "$pid" 2>/dev/null; fi
    wait "$pid" 2>/dev/null
}

cleanup() {
    local rc=$?
    exec 1>&8 2>&9   # the signal may have come while a command's output went to a file
    trap - EXIT INT TERM USR1
    # parallel passes TERM on to its jobs and waits for them.
    [[ -n $child_pid ]] && stop_pid "$child_pid" "running command"
    [[ -n $watchdog_pid ]] && kill "$watchdog_pid" 2>/dev/null
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
trap 'timed_out=1; on_signal' USR1
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

# ---- 1. GNU parallel, installed only if missing.
if ! command -v parallel >/dev/null 2>&1; then
    ((install)) || fail "GNU parallel is missing (apt-get install parallel, or drop --no-install)"
    command -v apt-get >/dev/null || fail "GNU parallel is missing, and there is no apt-get to install it"
    ((EUID == 0)) || fail "GNU parallel is missing and installing it needs root"
    log "installing parallel"
    t=$(now)
    run env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || fail "apt-get update failed"
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends parallel >/dev/null \
        || fail "apt-get install parallel failed"
    log "installed in $(seconds "$t" "$(now)") s"
fi
parallel --version 2>/dev/null | head -1 | grep -q 'GNU parallel' || fail "'parallel' is not GNU parallel (Debian's moreutils has another one)"

load_at_start=$(cut -d" " -f1-3 /proc/loadavg)
# ---- 2. The temporary folder and the binary's copy.
tmp=$(mktemp -d /tmp/ppo-scaleout-parallel.XXXXXX) || fail "mktemp failed"
mkdir -p "$tmp"/bin
name=$(basename "$binary")   # ppo-objectives, or another experiment with the same list/trial/merge commands (duan-benchmark)
cp "$binary" "$tmp"/bin/"$name" || fail "cannot copy --binary '$binary'"
bin=$tmp/bin/$name
[[ -n $output ]] || output=$tmp/array
[[ -n $reference ]] || reference=$tmp/reference
mkdir -p "$output" "$reference" || fail "cannot create --output '$output' or --reference '$reference'"
log "binary $binary (copied to $bin); suite $suite, profile $profile, seed $seed"
log "temporary folder $tmp; parallel results in $output; reference in $reference"

# ---- 3. list | parallel, then merge.
list=$tmp/trials.txt
(cd "$tmp" && "$bin" list "${suite_args[@]}" --profile "$profile" --seed "$seed" --output "$output") > "$list" \
    || fail "$name list failed"
n=$(wc -l < "$list")
((n > 0)) || fail "$name list printed no trial"

run_list() { # joblog stdout-file: run every line of the list; fail unless each exited 0
    local joblog=$1 out=$2 failed
    # -a, not < list: a command started with & reads /dev/null, not the function's stdin.
    run parallel --will-cite -j "$jobs" --halt soon,fail=1 --joblog "$joblog" -a "$list" > "$out" 2>&1
    local rc=$?
    failed=$(awk 'NR > 1 && $7 != 0' "$joblog" | wc -l)
    if ((rc != 0 || failed != 0)); then
        tail -n 20 "$out"
        fail "GNU parallel exited $rc; $failed of $n trials failed (joblog $joblog)"
    fi
    (($(awk 'NR > 1' "$joblog" | wc -l) == n)) || fail "the joblog $joblog has not one line per trial"
}

log "$n trials; $name list | parallel -j $jobs"
t=$(now)
run_list "$tmp"/joblog.txt "$tmp"/parallel.out
parallel_s=$(seconds "$t" "$(now)")
files=$(find "$output"/trials -name '*.json' 2>/dev/null | wc -l)
((files == n)) || fail "$files trial files in $output/trials, expected $n"
log "all $n trials exited 0 in $parallel_s s; $files trial files"

t=$(now)
run "$bin" merge "${suite_args[@]}" --profile "$profile" --seed "$seed" --output "$output" || fail "$name merge failed"
merge_s=$(seconds "$t" "$(now)")

# ---- 4. The single-process reference and the byte comparison.
t=$(now)
run "$bin" run "${suite_args[@]}" --profile "$profile" --seed "$seed" --threads 1 --quiet --output "$reference" \
    || fail "$name run (reference) failed"
reference_s=$(seconds "$t" "$(now)")

names() { (cd "$1" && find . -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tex' \) -printf '%f\n' | sort); }
compare() { # sets compared, csvs, mismatch
    local name extra
    mismatch=0 compared=0 csvs=0
    while IFS= read -r name; do
        compared=$((compared + 1))
        [[ $name == *.csv ]] && csvs=$((csvs + 1))
        if [[ ! -f $output/$name ]]; then
            echo "missing in the parallel run's results: $name"; mismatch=$((mismatch + 1))
        elif ! cmp "$reference/$name" "$output/$name"; then
            mismatch=$((mismatch + 1))
        fi
    done < <(names "$reference")
    extra=$(comm -23 <(names "$output") <(names "$reference"))
    [[ -n $extra ]] && { echo "only in the parallel run's results: $extra"; mismatch=$((mismatch + 1)); }
    ((csvs > 0)) || { echo "no CSV in the reference folder"; mismatch=$((mismatch + 1)); }
}
compare
first_compared=$compared first_csvs=$csvs first_mismatch=$mismatch

# ---- 5. Resume: delete 3 trial files, rerun the whole list, merge, compare again.
resume_line="resume check skipped (--no-resume-check)"
resume_mismatch=0
if ((resume_check)); then
    mapfile -t victims < <(find "$output"/trials -name '*.json' | sort | awk 'NR % 7 == 3' | head -n 3)
    rm -f "${victims[@]}"
    t=$(now)
    run_list "$tmp"/joblog-resume.txt "$tmp"/parallel-resume.out
    resume_s=$(seconds "$t" "$(now)")
    skipped=$(grep -c ': already done$' "$tmp"/parallel-resume.out)
    wrote=$(grep -c '^wrote ' "$tmp"/parallel-resume.out)
    ((skipped == n - ${#victims[@]} && wrote == ${#victims[@]})) \
        || fail "resume: $skipped trials said 'already done' and $wrote 'wrote', expected $((n - ${#victims[@]})) and ${#victims[@]}"
    run "$bin" merge "${suite_args[@]}" --profile "$profile" --seed "$seed" --quiet --output "$output" || fail "merge after the resume failed"
    compare
    resume_line="resume: ${#victims[@]} trial files deleted, rerun of the list in $resume_s s ($skipped 'already done', $wrote 'wrote'); cmp after merging: $((compared - mismatch)) of $compared identical"
    resume_mismatch=$mismatch
fi

summary="$name, suite ${suite:-none}, profile $profile, seed $seed, $n trials, $(nproc) CPUs, parallel -j $jobs
load average when the check started: $load_at_start (wall times on a shared machine)
GNU parallel (list | parallel):         $parallel_s s
merge:                                  $merge_s s
single-process reference (--threads 1): $reference_s s
cmp: $((first_compared - first_mismatch)) of $first_compared files identical ($first_csvs CSVs; manifest.json not compared)
$resume_line"
echo
echo "$summary"
((first_mismatch == 0 && resume_mismatch == 0)) || fail "files differ between the parallel run's results and the reference"
[[ -z $record ]] || record_summary "check-parallel.sh" "$summary" "$record" || fail "could not write --record $record"
result=PASS
