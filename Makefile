# make all            install what is missing, build (release), run every experiment at PROFILE,
#                      draw the figures with gnuplot, build paper/report.pdf
# make all PROFILE=smoke   the fast path CI takes (minutes)
# make test            swift test
# make bench           exact-evaluation throughput against NumPy (tools/bench_numpy.py)
# make bench-ppo       PPO throughput and memory against Stable-Baselines3 (tools/bench_sb3.py;
#                      needs `pip install stable-baselines3`)
# Make reruns only what changed: an experiment reruns when its binary, the profile or the seed
# changes; figures when their CSVs or plot script change; the report when any input changes.

PROFILE ?= standard
SEED    ?= 20260521
THREADS ?= $(shell nproc 2>/dev/null || echo 2)
SWIFT   ?= swift
BIN     := .build/release
STAMPS  := build

EXPERIMENTS := performance-difference trpo-bounds analytical-update special-cases ppo-sanity ppo-objectives

SWIFT_SOURCES := Package.swift $(shell find Sources experiments tools/suite-tables Benchmarks -name '*.swift' 2>/dev/null)

.PHONY: all deps build experiments figures report test bench bench-ppo clean FORCE

all: report

# ---- 1. What the machine needs (gnuplot, LaTeX, latexmk): the project's one install script.
deps:
	@bash tools/install-deps.sh

# ---- 2. Build every product in release mode, once per source change.
$(STAMPS)/swift-release: $(SWIFT_SOURCES) | deps
	@mkdir -p $(STAMPS)
	$(SWIFT) build -c release
	@touch $@

build: $(STAMPS)/swift-release

# The profile and seed of the last run, rewritten only when they change, so that switching
# PROFILE reruns the experiments and keeping it does not.
$(STAMPS)/run-settings: FORCE
	@mkdir -p $(STAMPS)
	@echo "profile=$(PROFILE) seed=$(SEED)" | cmp -s - $@ || echo "profile=$(PROFILE) seed=$(SEED)" > $@

# ---- 3. Experiments: the manifest is written last, so it marks a complete run.
results/%/manifest.json: $(STAMPS)/swift-release $(STAMPS)/run-settings
	$(BIN)/$* --profile $(PROFILE) --seed $(SEED) --threads $(THREADS) --output results/$*

experiments: $(EXPERIMENTS:%=results/%/manifest.json)

# ---- 4. Figures (gnuplot; each experiment's plots.gp reads its CSVs) and verdict tables.
results/%/figures/.drawn: results/%/manifest.json experiments/%/plots.gp
	@mkdir -p results/$*/figures
	gnuplot -e "dir='results/$*'" experiments/$*/plots.gp
	@touch $@

results/%/verdicts.tex: results/%/manifest.json $(STAMPS)/swift-release
	$(BIN)/suite-tables results/$*/verdicts.csv --split --output $@

FIGURES := $(EXPERIMENTS:%=results/%/figures/.drawn)
figures: $(FIGURES)

# ---- 5. The report.
REPORT_INPUTS := paper/report.tex paper/unicode.tex $(FIGURES) \
                 $(EXPERIMENTS:%=results/%/verdicts.tex) $(EXPERIMENTS:%=results/%/manifest.json)

paper/report.pdf: $(REPORT_INPUTS)
	cd paper && latexmk -pdf -interaction=nonstopmode -halt-on-error -file-line-error report.tex >/dev/null \
	  || { tail -40 report.log; exit 1; }
	@echo "built paper/report.pdf (profile $(PROFILE))"

report: paper/report.pdf

# ---- Other entry points.
test:
	$(SWIFT) test

bench: $(STAMPS)/swift-release
	$(BIN)/tabular-benchmark --numpy tools/bench_numpy.py

bench-ppo: $(STAMPS)/swift-release
	$(BIN)/ppo-benchmark --sb3 tools/bench_sb3.py

clean:
	rm -rf $(STAMPS) results/*/figures results/*/verdicts.tex
	cd paper && latexmk -C report.tex >/dev/null 2>&1 || true

FORCE:
