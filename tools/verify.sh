#!/usr/bin/env bash
# `make verify`: reruns every experiment at the profile and master seed its committed manifest
# records, into a temporary folder, and compares every committed CSV byte for byte with the rerun.
# One line per experiment: files compared, and "identical" or the files that differ. The MuJoCo
# study is re-aggregated from its committed trial files (`merge`; rerunning them is the `paper`
# profile, hours), and one committed trial per task is recomputed and compared byte for byte.
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

all="performance-difference trpo-bounds analytical-update special-cases ppo-sanity ppo-objectives bellman-bounds double-q conservative-q implicit-q preference-optimization duan-benchmark natural-gradient max-entropy-rl soft-q-composition ppo-objectives-mujoco"
wanted=${*:-$all}
for w in $wanted; do
  case " $all " in *" $w "*) ;; *) echo "verify: unknown experiment '$w'; allowed: $all" >&2; exit 2 ;; esac
done
for e in $wanted; do
  [ "$e" = ppo-objectives-mujoco ] && continue
  m=results/$e/manifest.json
  [ -f "$m" ] || { echo "verify: $e: no committed manifest.json"; status=1; continue; }
  profile=$(field "$m" profile); seed=$(field "$m" masterSeed)
  "$bin/$e" --profile "$profile" --seed "$seed" --quiet --output "$work/$e"
  compare "$e (profile $profile, seed $seed)" "results/$e" "$work/$e"
done

case " $wanted " in *" ppo-objectives-mujoco "*) ;; *) exit $status ;; esac
# The MuJoCo study: aggregate the committed trial files again ...
e=ppo-objectives-mujoco
m=results/$e/manifest.json
profile=$(field "$m" profile); seed=$(field "$m" masterSeed)
mkdir -p "$work/$e/trials"
cp results/$e/trials/*.json "$work/$e/trials/"
"$bin/ppo-objectives" merge --suite mujoco --profile "$profile" --seed "$seed" --quiet --output "$work/$e"
compare "$e (merge of $(ls results/$e/trials | wc -l) committed trials)" "results/$e" "$work/$e"
# ... and recompute the first committed trial of each task from scratch.
for task in $(ls results/$e/trials | sed 's/__.*//' | sort -u); do
  file=$(ls results/$e/trials/"$task"__* | head -1)
  name=$(basename "$file")
  mkdir -p "$work/trial-$task"
  "$bin/ppo-objectives" trial --suite mujoco --profile "$profile" --seed "$seed" --quiet --output "$work/trial-$task" \
    --name "${name%__*.json}"
  if cmp -s "$file" "$work/trial-$task/trials/$name"; then
    echo "verify: $e: trial $name recomputed, identical"
  else
    echo "verify: $e: trial $name recomputed, DIFFERS"; status=1
  fi
done
exit $status
