#!/usr/bin/env bash
# `make verify`: reruns every experiment at the profile and master seed its committed manifest
# records, into a temporary folder, and compares every committed CSV byte for byte with the rerun.
# One line per experiment: files compared, and "identical" or the files that differ. The committed
# full-scale studies (C9 on MuJoCo, C15 at Duan et al.'s protocol, C17 and C18 at their papers' settings) are re-aggregated from their
# committed trial files (`merge`; rerunning them is the `paper` profile, hours), and one committed
# trial per task is recomputed and compared (its iterations or episodes byte for byte).
# Exit status 1 if anything differs. Needs the release build (`make build`).
# Usage: tools/verify.sh [EXPERIMENT…]   (default: every experiment, then the MuJoCo study)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release
[ -x "$bin/ppo-objectives" ] || { echo "verify: no release build in $bin (run make build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

field() { sed -n "s/^  \"$2\" : \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1; }

compare() {   # compare NAME COMMITTED_DIR RERUN_DIR
  local name=$1 committed=$2 rerun=$3 n=0 differ=()
  for f in "$committed"/*.csv; do
    n=$((n + 1))
    cmp -s "$f" "$rerun/$(basename "$f")" || differ+=("$(basename "$f")")
  done
  if [ ${#differ[@]} -eq 0 ]; then
    echo "verify: $name: $n CSV files compared, identical"
  else
    echo "verify: $name: $n CSV files compared, ${#differ[@]} differ: ${differ[*]}"
    status=1
  fi
}

studies="ppo-objectives-mujoco duan-benchmark-paper actor-critic-overestimation-paper max-entropy-rl-paper"
all="performance-difference trpo-bounds analytical-update special-cases ppo-sanity ppo-objectives bellman-bounds double-q conservative-q implicit-q preference-optimization duan-benchmark natural-gradient actor-critic-overestimation max-entropy-rl soft-q-composition $studies"
wanted=${*:-$all}
for w in $wanted; do
  case " $all " in *" $w "*) ;; *) echo "verify: unknown experiment '$w'; allowed: $all" >&2; exit 2 ;; esac
done
for e in $wanted; do
  case " $studies " in *" $e "*) continue ;; esac
  m=results/$e/manifest.json
  [ -f "$m" ] || { echo "verify: $e: no committed manifest.json"; status=1; continue; }
  profile=$(field "$m" profile); seed=$(field "$m" masterSeed)
  "$bin/$e" --profile "$profile" --seed "$seed" --quiet --output "$work/$e"
  compare "$e (profile $profile, seed $seed)" "results/$e" "$work/$e"
done

# The committed full-scale studies: aggregate the committed trial files again ...
study() {   # study NAME BINARY [SUITE]
  local e=$1 binary=$2 m profile seed task file name suite=()
  [ -n "${3:-}" ] && suite=(--suite "$3")
  m=results/$e/manifest.json
  profile=$(field "$m" profile); seed=$(field "$m" masterSeed)
  mkdir -p "$work/$e/trials"
  cp results/$e/trials/*.json "$work/$e/trials/"
  "$bin/$binary" merge "${suite[@]}" --profile "$profile" --seed "$seed" --quiet --output "$work/$e"
  compare "$e (merge of $(ls results/$e/trials | wc -l) committed trials)" "results/$e" "$work/$e"
  # ... and recompute the first committed trial of each task from scratch. Trial files record their
  # wall time ("seconds"), which differs from run to run: it is left out of the comparison.
  for task in $(ls results/$e/trials | sed 's/__.*//' | sort -u); do
    file=$(ls results/$e/trials/"$task"__* | sed -n 1p)   # sed reads all: head would SIGPIPE ls under pipefail
    name=$(basename "$file")
    mkdir -p "$work/trial-$e-$task"
    "$bin/$binary" trial "${suite[@]}" --profile "$profile" --seed "$seed" --quiet --output "$work/trial-$e-$task" \
      --name "${name%__*.json}"
    if cmp -s <(sed 's/"seconds":[0-9.e+-]*//' "$file") <(sed 's/"seconds":[0-9.e+-]*//' "$work/trial-$e-$task/trials/$name"); then
      echo "verify: $e: trial $name recomputed, identical"
    else
      echo "verify: $e: trial $name recomputed, DIFFERS"; status=1
    fi
  done
}
for e in $wanted; do
  case $e in
    ppo-objectives-mujoco) study "$e" ppo-objectives mujoco ;;
    duan-benchmark-paper) study "$e" duan-benchmark classic-control ;;
    actor-critic-overestimation-paper) study "$e" actor-critic-overestimation ;;
    max-entropy-rl-paper) study "$e" max-entropy-rl ;;
  esac
done
exit $status
