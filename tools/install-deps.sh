#!/usr/bin/env bash
# Installs what `make all` and `make test` need beyond the Swift toolchain: gnuplot (figures),
# a small LaTeX set and latexmk (the report), unzip and pip (to fetch the pinned MuJoCo wheel), then
# MuJoCo itself and Gymnasium's model files (tools/install-mujoco.sh). Installs only what is missing.
# Debian/Ubuntu with apt; run as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gnuplot  >/dev/null 2>&1 || need+=(gnuplot-nox)
command -v pdflatex >/dev/null 2>&1 || need+=(texlive-latex-base texlive-latex-recommended texlive-fonts-recommended)
command -v latexmk  >/dev/null 2>&1 || need+=(latexmk)
command -v unzip    >/dev/null 2>&1 || need+=(unzip)
python3 -m pip --version >/dev/null 2>&1 || command -v pip3 >/dev/null 2>&1 || need+=(python3-pip)
# booktabs, siunitx-free tables, and graphicx come from texlive-latex-recommended.
if command -v kpsewhich >/dev/null 2>&1 && [ -z "$(kpsewhich booktabs.sty 2>/dev/null)" ]; then
  need+=(texlive-latex-recommended)
fi
# The report's fonts: Latin Modern in T1 encoding (only "recommended" by texlive-base, so not pulled in
# by --no-install-recommends).
if ! command -v kpsewhich >/dev/null 2>&1 || [ -z "$(kpsewhich lmodern.sty 2>/dev/null)" ]; then
  need+=(lmodern)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: gnuplot, pdflatex (with lmodern), latexmk, unzip and pip are present; nothing to install from apt."
  exec bash tools/install-mujoco.sh
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: no 'swift' on PATH; install a Swift 6 toolchain first (https://swift.org/install)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${need[*]} and no apt-get here; install them with your package manager." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
exec bash tools/install-mujoco.sh
