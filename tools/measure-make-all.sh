#!/usr/bin/env bash
# Measures `make all` at a profile from a fresh clone of this repository's HEAD, stage by stage, and
# writes results/run-times/make-all-<profile>.csv (stage, seconds, cpu_seconds) with the machine in
# results/run-times/make-all-<profile>.machine (CPU model, cores, vector extensions, date, commit).
# The README's run-time table is generated from these files (tools/readme-results.sh).
#   tools/measure-make-all.sh [smoke|standard]     (default standard)
# Dependencies must already be installed (make deps): the measurement is of the suite, not of apt.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-standard}
case "$profile" in smoke|standard) ;; *) echo "measure-make-all: unknown profile '$profile'; allowed: smoke, standard" >&2; exit 2 ;; esac
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
# The MuJoCo library and assets come from .deps/ (make deps); copy rather than download again.
[ -d .deps ] && cp -r .deps "$work/clone/.deps"
cd "$work/clone"
csv="$work/times.csv"
echo "stage,seconds,cpu_seconds" > "$csv"
stage() {   # stage NAME COMMAND…: wall and CPU (user + sys of the children) seconds
  local name=$1; shift
  local t0 c0 t1 c1
  t0=$(date +%s.%N); c0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  "$@" > "$work/$name.log" 2>&1 || { echo "measure-make-all: stage $name failed:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  t1=$(date +%s.%N); c1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  local ticks; ticks=$(getconf CLK_TCK)
  awk -v n="$name" -v a="$t0" -v b="$t1" -v c="$c0" -v d="$c1" -v k="$ticks" 'BEGIN { printf "%s,%.1f,%.1f\n", n, b - a, (d - c) / k }' >> "$csv"
}
stage release-build make build
stage experiments make experiments PROFILE="$profile"
stage figures-and-report make all PROFILE="$profile"
total=$(awk -F, 'NR > 1 { s += $2; c += $3 } END { printf "%.1f,%.1f", s, c }' "$csv")
echo "make-all,$total" >> "$csv"
# Each experiment's own run time, from its manifest.
for m in results/*/manifest.json; do
  e=$(basename "$(dirname "$m")")
  d=$(sed -n 's/^  "durationSeconds" : \([0-9.]*\),*$/\1/p' "$m")
  # The full-scale MuJoCo study is only merged by make all (its runs are committed), not run.
  [ "$e" = ppo-objectives-mujoco ] && e="ppo-objectives-mujoco (merge of the committed runs)"
  [ -n "$d" ] && printf 'experiment %s,%.1f,\n' "$e" "$d" >> "$csv"
done
cd "$repo"
mkdir -p results/run-times
cp "$csv" "results/run-times/make-all-$profile.csv.tmp"
{
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) (family $(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -1), model $(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -1))"
  echo "cores: $(nproc)"
  echo "vector: $(grep -q ' avx512f ' /proc/cpuinfo && echo AVX-512 || (grep -q ' avx2 ' /proc/cpuinfo && echo AVX2 || echo none))"
  echo "date: $(date -u +%Y-%m-%d)"
  echo "commit: $(git rev-parse --short=12 HEAD)"
} > "results/run-times/make-all-$profile.machine.tmp"
mv "results/run-times/make-all-$profile.csv.tmp" "results/run-times/make-all-$profile.csv"
mv "results/run-times/make-all-$profile.machine.tmp" "results/run-times/make-all-$profile.machine"
cat "results/run-times/make-all-$profile.csv" "results/run-times/make-all-$profile.machine"
