# make all            install what is missing, build (release), run every experiment at PROFILE,
#                      draw the figures with gnuplot, build paper/report.pdf
# make all PROFILE=smoke   the fast path CI takes (minutes)
# make test            install what the tests need (MuJoCo), then swift test
# make verify          rerun every experiment at its committed profile; compare the committed CSVs
# make bench           exact-evaluation throughput against NumPy (tools/bench_numpy.py)
# make bench-ppo       PPO throughput and memory against Stable-Baselines3 (tools/bench_sb3.py;
#                      needs `pip install stable-baselines3`)
# make bench-trpo      TRPO throughput and memory against sb3-contrib (tools/bench_sb3_trpo.py;
#                      needs `pip install stable-baselines3 sb3-contrib`)
# make bench-offpolicy SAC, TD3 and DDPG throughput against Stable-Baselines3 (tools/bench_sb3_offpolicy.py)
# Make reruns only what changed: an experiment reruns when its binary, the profile or the seed
# changes; figures when their CSVs or plot script change; the report when any input changes.

PROFILE ?= standard
SEED    ?= 20260521
THREADS ?= $(shell nproc 2>/dev/null || echo 2)
SWIFT   ?= swift
BIN     := .build/release
STAMPS  := build

EXPERIMENTS := performance-difference trpo-bounds analytical-update special-cases ppo-sanity ppo-objectives bellman-bounds double-q conservative-q implicit-q preference-optimization duan-benchmark natural-gradient actor-critic-overestimation max-entropy-rl soft-q-composition
# C9 on the PPO paper's MuJoCo tasks: the report cites the committed full-scale (paper-profile) trial
# files, which `make all` aggregates (merge) but never reruns at a smaller size; the check folder holds
# a small run of the same study at this PROFILE (standard for PROFILE=paper, which resumes the full run).
MUJOCO_STUDY := ppo-objectives-mujoco
MUJOCO_CHECK_PROFILE := $(if $(filter paper,$(PROFILE)),standard,$(PROFILE))
# C15 at Duan et al.'s protocol on the classic rows: committed paper-profile trial files, which `make all`
# aggregates (merge) and never reruns at a smaller size (PROFILE=paper resumes the run instead).
DUAN_STUDY := duan-benchmark-paper
# C17 at Fujimoto et al.'s settings: the committed paper-profile trial files (the Pendulum rows), which `make all`
# aggregates (merge) and never reruns (PROFILE=paper resumes the run, MuJoCo rows included).
ACO_STUDY := actor-critic-overestimation-paper
# C18 at the papers' settings: committed paper-profile trial files (the Pendulum rows), which `make all`
# aggregates (merge) and never reruns (PROFILE=paper resumes the run, MuJoCo rows included).
MAXENT_STUDY := max-entropy-rl-paper
ALL_RESULTS := $(EXPERIMENTS) $(MUJOCO_STUDY) $(MUJOCO_STUDY)-check $(DUAN_STUDY) $(ACO_STUDY) $(MAXENT_STUDY)

SWIFT_SOURCES := Package.swift $(shell find Sources experiments tools/suite-tables Benchmarks -name '*.swift' 2>/dev/null)

.PHONY: all deps build experiments figures report test verify readme readme-check bench bench-ppo bench-trpo bench-offpolicy clean FORCE

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

MUJOCO_TRIALS := $(wildcard results/$(MUJOCO_STUDY)/trials/*.json)
results/$(MUJOCO_STUDY)/manifest.json: $(STAMPS)/swift-release $(MUJOCO_TRIALS)
ifeq ($(PROFILE),paper)
	$(BIN)/ppo-objectives run --suite mujoco --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(MUJOCO_STUDY)
else
	$(BIN)/ppo-objectives merge --suite mujoco --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(MUJOCO_STUDY)
endif

results/$(MUJOCO_STUDY)-check/manifest.json: $(STAMPS)/swift-release $(STAMPS)/run-settings
	$(BIN)/ppo-objectives run --suite mujoco --profile $(MUJOCO_CHECK_PROFILE) --seed $(SEED) --threads $(THREADS) \
	  --output results/$(MUJOCO_STUDY)-check

DUAN_TRIALS := $(wildcard results/$(DUAN_STUDY)/trials/*.json)
results/$(DUAN_STUDY)/manifest.json: $(STAMPS)/swift-release $(DUAN_TRIALS)
ifeq ($(PROFILE),paper)
	$(BIN)/duan-benchmark run --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(DUAN_STUDY)
else
	$(BIN)/duan-benchmark merge --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(DUAN_STUDY)
endif

ACO_TRIALS := $(wildcard results/$(ACO_STUDY)/trials/*.json)
results/$(ACO_STUDY)/manifest.json: $(STAMPS)/swift-release $(ACO_TRIALS)
ifeq ($(PROFILE),paper)
	$(BIN)/actor-critic-overestimation run --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(ACO_STUDY)
else
	$(BIN)/actor-critic-overestimation merge --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(ACO_STUDY)
endif

MAXENT_TRIALS := $(wildcard results/$(MAXENT_STUDY)/trials/*.json)
results/$(MAXENT_STUDY)/manifest.json: $(STAMPS)/swift-release $(MAXENT_TRIALS)
ifeq ($(PROFILE),paper)
	$(BIN)/max-entropy-rl run --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(MAXENT_STUDY)
else
	$(BIN)/max-entropy-rl merge --profile paper --seed $(SEED) --threads $(THREADS) --output results/$(MAXENT_STUDY)
endif

experiments: $(ALL_RESULTS:%=results/%/manifest.json)

# ---- 4. Figures (gnuplot; each experiment's plots.gp reads its CSVs) and verdict tables.
results/%/figures/.drawn: results/%/manifest.json experiments/%/plots.gp
	@mkdir -p results/$*/figures
	gnuplot -e "dir='results/$*'" experiments/$*/plots.gp
	@touch $@

results/%/verdicts.tex: results/%/manifest.json $(STAMPS)/swift-release
	$(BIN)/suite-tables results/$*/verdicts.csv --split --output $@

# The MuJoCo study and its check are drawn by the C9 experiment's own script.
MUJOCO_DIRS := results/$(MUJOCO_STUDY) results/$(MUJOCO_STUDY)-check
$(MUJOCO_DIRS:%=%/figures/.drawn): %/figures/.drawn: %/manifest.json experiments/ppo-objectives/plots.gp
	@mkdir -p $*/figures
	gnuplot -e "dir='$*'" experiments/ppo-objectives/plots.gp
	@touch $@

# The MuJoCo sanity figure: the study's clip-0.2 runs beside Stable-Baselines3's (committed CSVs of
# tools/sb3_ppo_mujoco.py; the figure is drawn with whatever runs exist).
SANITY_MUJOCO := results/ppo-sanity-mujoco
$(SANITY_MUJOCO)/figures/.drawn: results/$(MUJOCO_STUDY)/manifest.json $(wildcard $(SANITY_MUJOCO)/sb3-*.csv) \
                                 experiments/ppo-objectives/sanity-mujoco.gp
	@mkdir -p $(SANITY_MUJOCO)/figures
	gnuplot -e "study='results/$(MUJOCO_STUDY)'; sb3='$(SANITY_MUJOCO)'" experiments/ppo-objectives/sanity-mujoco.gp
	@touch $@

# C15's full-scale folder is drawn by the C15 experiment's script.
results/$(DUAN_STUDY)/figures/.drawn: results/$(DUAN_STUDY)/manifest.json experiments/duan-benchmark/plots.gp
	@mkdir -p results/$(DUAN_STUDY)/figures
	gnuplot -e "dir='results/$(DUAN_STUDY)'" experiments/duan-benchmark/plots.gp
	@touch $@

# C17's full-scale folder is drawn by the C17 experiment's script.
results/$(ACO_STUDY)/figures/.drawn: results/$(ACO_STUDY)/manifest.json experiments/actor-critic-overestimation/plots.gp
	@mkdir -p results/$(ACO_STUDY)/figures
	gnuplot -e "dir='results/$(ACO_STUDY)'" experiments/actor-critic-overestimation/plots.gp
	@touch $@

# C18's full-scale folder is drawn by the C18 experiment's script.
results/$(MAXENT_STUDY)/figures/.drawn: results/$(MAXENT_STUDY)/manifest.json experiments/max-entropy-rl/plots.gp
	@mkdir -p results/$(MAXENT_STUDY)/figures
	gnuplot -e "dir='results/$(MAXENT_STUDY)'" experiments/max-entropy-rl/plots.gp
	@touch $@

FIGURES := $(ALL_RESULTS:%=results/%/figures/.drawn) $(SANITY_MUJOCO)/figures/.drawn

# The verdict vocabulary, defined once in VerdictKind, printed by the report.
$(STAMPS)/verdict-vocabulary.tex: $(STAMPS)/swift-release
	$(BIN)/suite-tables vocabulary --output $@

# Every citable verdict in one table, with its counts (the abstract's numbers): the experiments and the
# full-scale MuJoCo study, not the small check run.
SUMMARY_RESULTS := performance-difference trpo-bounds analytical-update special-cases ppo-sanity $(MUJOCO_STUDY) ppo-objectives \
                   bellman-bounds double-q conservative-q implicit-q preference-optimization duan-benchmark $(DUAN_STUDY) natural-gradient \
                   actor-critic-overestimation $(ACO_STUDY) max-entropy-rl $(MAXENT_STUDY) soft-q-composition
SUMMARY_CSVS := $(SUMMARY_RESULTS:%=results/%/verdicts.csv)
$(STAMPS)/verdict-summary.tex $(STAMPS)/verdict-counts.tex: $(SUMMARY_RESULTS:%=results/%/manifest.json) $(STAMPS)/swift-release
	$(BIN)/suite-tables summary $(SUMMARY_CSVS) --output $(STAMPS)/verdict-summary.tex --counts $(STAMPS)/verdict-counts.tex

# Which commit, profile and seed each results folder comes from (the manifests).
$(STAMPS)/provenance.tex: $(ALL_RESULTS:%=results/%/manifest.json) $(STAMPS)/swift-release
	$(BIN)/suite-tables provenance $(ALL_RESULTS:%=results/%/manifest.json) --output $@

# The version (CITATION.cff) and the commit the report is built from, for the title page; rewritten
# only when they change.
$(STAMPS)/version.tex: FORCE
	@mkdir -p $(STAMPS)
	@v=$$(sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\}$$/\1/p' CITATION.cff); \
	 c=$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown); \
	 d=$$(git status --porcelain --untracked-files=no -- . ':(exclude)results' ':(exclude)paper/report.pdf' 2>/dev/null | grep -q . && echo ' (with uncommitted changes)'); \
	 printf '%s\n' "\\newcommand{\\suiteVersion}{$$v}" "\\newcommand{\\suiteCommit}{$$c$$d}" | cmp -s - $@ \
	 || printf '%s\n' "\\newcommand{\\suiteVersion}{$$v}" "\\newcommand{\\suiteCommit}{$$c$$d}" > $@

figures: $(FIGURES)

# ---- 5. The report.
REPORT_INPUTS := paper/report.tex $(wildcard paper/section-*.tex) paper/unicode.tex paper/references.bib $(STAMPS)/verdict-vocabulary.tex $(FIGURES) \
                 $(STAMPS)/verdict-summary.tex $(STAMPS)/verdict-counts.tex $(STAMPS)/provenance.tex $(STAMPS)/version.tex \
                 $(ALL_RESULTS:%=results/%/verdicts.tex) $(ALL_RESULTS:%=results/%/manifest.json)

paper/report.pdf: $(REPORT_INPUTS)
	cd paper && latexmk -pdf -interaction=nonstopmode -halt-on-error -file-line-error report.tex >/dev/null \
	  || { tail -40 report.log; exit 1; }
	@echo "built paper/report.pdf (profile $(PROFILE))"

report: paper/report.pdf

# ---- Other entry points.
test: deps
	$(SWIFT) test

# The README's verdict table is generated from the committed verdicts.csv files: `make readme`
# rewrites it, `make readme-check` fails when the README and results/ disagree (CI runs it).
readme: $(STAMPS)/swift-release
	bash tools/readme-results.sh
readme-check: $(STAMPS)/swift-release
	bash tools/readme-results.sh --check

# Rerun every experiment at its committed profile and compare the committed CSVs byte for byte.
verify: $(STAMPS)/swift-release
	bash tools/verify.sh

# Benchmarks write their tables (with the CPU and date) to results/benchmarks/, which `make readme`
# copies into the README.
bench: $(STAMPS)/swift-release
	$(BIN)/tabular-benchmark --numpy tools/bench_numpy.py --output results/benchmarks/tabular.md

bench-ppo: $(STAMPS)/swift-release
	$(BIN)/ppo-benchmark --sb3 tools/bench_sb3.py --environments CartPole-v1 --environments Pendulum-v1 \
	  --output results/benchmarks/ppo-classic.md
	$(BIN)/ppo-benchmark --sb3 tools/bench_sb3.py --environments HalfCheetah-v5 --environments Hopper-v5 \
	  --training-steps 40960 --rollout-steps 40960 --simulation-steps 100000 --output results/benchmarks/ppo-mujoco.md
bench-offpolicy: $(STAMPS)/swift-release
	$(BIN)/offpolicy-benchmark --sb3 tools/bench_sb3_offpolicy.py --output results/benchmarks/offpolicy.md

bench-trpo: $(STAMPS)/swift-release
	$(BIN)/trpo-benchmark --sb3 tools/bench_sb3_trpo.py --output results/benchmarks/trpo.md

clean:
	rm -rf $(STAMPS) results/*/figures results/*/verdicts.tex results/*/verdicts-*.tex
	cd paper && latexmk -C report.tex >/dev/null 2>&1 || true

FORCE:
