#!/usr/bin/env bash
# The README's generated blocks, each between `<!-- NAME:begin -->` and `<!-- NAME:end -->`:
#   verdicts         every verdict, from the committed results/*/verdicts.csv (suite-tables readme)
#   times            measured make-all run times, from results/run-times/ (suite-tables times)
#   bench-tabular    make bench's table, results/benchmarks/tabular.md
#   bench-ppo-classic, bench-ppo-mujoco   make bench-ppo's tables, results/benchmarks/ppo-*.md
#   scale-out        the Slurm and GNU parallel checks' timings, results/run-times/scale-out-*.md
# Usage: tools/readme-results.sh           rewrite the blocks in README.md
#        tools/readme-results.sh --check   exit 1 (printing the difference) if README.md and results/ disagree
# Needs the release build (make build).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-write}
case "$mode" in write|--check) ;; *) echo "readme-results: unknown option '$mode'; allowed: --check" >&2; exit 2 ;; esac
bin=.build/release/suite-tables
[ -x "$bin" ] || { echo "readme-results: no release build (run make build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
verdicts="performance-difference trpo-bounds analytical-update special-cases ppo-sanity ppo-objectives-mujoco ppo-objectives bellman-bounds double-q conservative-q implicit-q preference-optimization duan-benchmark duan-benchmark-paper natural-gradient actor-critic-overestimation actor-critic-overestimation-paper max-entropy-rl max-entropy-rl-paper soft-q-composition"
"$bin" readme $(for r in $verdicts; do echo "results/$r/verdicts.csv"; done) > "$work/verdicts"
"$bin" times results/run-times/make-all-*.csv > "$work/times"
for b in tabular ppo-classic ppo-mujoco trpo offpolicy; do
  f=results/benchmarks/$b.md
  [ -f "$f" ] || { echo "readme-results: $f is missing (make bench, bench-ppo, bench-trpo and bench-offpolicy write them)" >&2; exit 2; }
  cp "$f" "$work/bench-$b"
done
scale_out="slurm parallel slurm-duan parallel-duan"
for t in $scale_out; do
  f=results/run-times/scale-out-$t.md
  [ -f "$f" ] || { echo "readme-results: $f is missing (tools/scale-out/check-${t%-duan}.sh --record $f writes it)" >&2; exit 2; }
done
for t in $scale_out; do cat results/run-times/scale-out-$t.md; echo; done | sed '$d' > "$work/scale-out"
cp README.md "$work/readme"
for block in verdicts times bench-tabular bench-ppo-classic bench-ppo-mujoco bench-trpo bench-offpolicy scale-out; do
  grep -q "^<!-- $block:begin -->\$" "$work/readme" && grep -q "^<!-- $block:end -->\$" "$work/readme" \
    || { echo "readme-results: README.md lacks the markers <!-- $block:begin --> / <!-- $block:end -->" >&2; exit 2; }
  awk -v name="$block" -v body="$work/$block" '
    $0 == "<!-- " name ":begin -->" { print; while ((getline line < body) > 0) print line; skipping = 1; next }
    $0 == "<!-- " name ":end -->"   { skipping = 0 }
    !skipping { print }
  ' "$work/readme" > "$work/next"
  mv "$work/next" "$work/readme"
done
if [ "$mode" = --check ]; then
  if cmp -s README.md "$work/readme"; then echo "readme-results: README.md's generated blocks match results/"; exit 0; fi
  echo "readme-results: README.md's generated blocks differ from results/ (run make readme):" >&2
  diff README.md "$work/readme" >&2 || true
  exit 1
fi
cmp -s README.md "$work/readme" || { cp "$work/readme" README.md.tmp && mv README.md.tmp README.md; }
echo "readme-results: README.md's generated blocks written from results/"
