#!/usr/bin/env bash
# Checks the suite's citation metadata; exits non-zero on the first failure.
#  1. CITATION.cff against the Citation File Format 1.2.0 schema, with cffconvert (pinned). When
#     that exact cffconvert is not on PATH it is installed with pip into .deps/citation-venv (or, if
#     python3 cannot make a venv, into .deps/citation-pkgs); nothing outside .deps/ is touched.
#  2. paper/references.bib defines no key twice, and every key docs/CLAIMS.md cites (pandoc syntax,
#     [@key] or [@key1; @key2]) has an entry there.
set -euo pipefail
cd "$(dirname "$0")/.."

CFFCONVERT_VERSION=2.0.0
venv=.deps/citation-venv
target=.deps/citation-pkgs

have_version() { "$@" --version 2>/dev/null | grep -qx "$CFFCONVERT_VERSION"; }

if command -v cffconvert >/dev/null 2>&1 && have_version cffconvert; then
  cff=(cffconvert)
elif [ -x "$venv/bin/cffconvert" ] && have_version "$venv/bin/cffconvert"; then
  cff=("$venv/bin/cffconvert")
elif [ -d "$target/cffconvert" ] && have_version env PYTHONPATH="$target" python3 -c 'from cffconvert.cli.cli import cli; cli()'; then
  cff=(env PYTHONPATH="$target" python3 -c 'from cffconvert.cli.cli import cli; cli()')
else
  echo "check_citation: installing cffconvert $CFFCONVERT_VERSION with pip (into .deps/)"
  mkdir -p .deps
  if python3 -m venv "$venv" >/dev/null 2>&1 && [ -x "$venv/bin/python" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cffconvert==$CFFCONVERT_VERSION"
    cff=("$venv/bin/cffconvert")
  else
    rm -rf "$venv"
    python3 -m pip install --quiet --disable-pip-version-check --target "$target" "cffconvert==$CFFCONVERT_VERSION"
    cff=(env PYTHONPATH="$target" python3 -c 'from cffconvert.cli.cli import cli; cli()')
  fi
fi

echo "check_citation: cffconvert --validate -i CITATION.cff"
"${cff[@]}" --validate -i CITATION.cff

bib=paper/references.bib
claims=docs/CLAIMS.md
defined=$(grep -oE '^@[A-Za-z]+\{[^,]+,' "$bib" | sed -E 's/^@[A-Za-z]+\{//; s/,$//' | sort)
duplicates=$(printf '%s\n' "$defined" | uniq -d)
if [ -n "$duplicates" ]; then
  echo "check_citation: keys defined twice in $bib: $duplicates" >&2
  exit 1
fi
cited=$(grep -oE '\[@[^]]+\]' "$claims" | grep -oE '@[A-Za-z0-9:_.-]+' | sed 's/^@//' | sort -u)
missing=$(comm -23 <(printf '%s\n' "$cited") <(printf '%s\n' "$defined"))
if [ -n "$missing" ]; then
  echo "check_citation: $claims cites keys that $bib does not define:" >&2
  printf '  %s\n' $missing >&2
  exit 1
fi
echo "check_citation: $(printf '%s\n' "$defined" | wc -l | tr -d ' ') entries in $bib;" \
  "$(printf '%s\n' "$cited" | grep -c .) distinct keys cited by $claims, all defined."
