#!/usr/bin/env bash
# Installs MuJoCo's official C library and Gymnasium's MJCF model files into .deps/ (not committed),
# pinned to one version and checked by SHA-256, so every machine simulates with the same binary.
#
#   .deps/mujoco/lib/libmujoco.so.3.3.0 (+ libmujoco.so)   the official library, from the `mujoco`
#                                                           wheel on PyPI
#   .deps/mujoco/include/mujoco/*.h                         its C headers (same wheel)
#   .deps/gymnasium-assets/*.xml                            gymnasium 1.4.0's envs/mujoco/assets
#   Sources/CMuJoCo/include/mujoco/*.h                      a copy of the headers where SwiftPM
#                                                           finds them
#
# pip is only the download client here: the wheels are unpacked, nothing is imported, and the
# suite runs without Python. Idempotent: does nothing when the pinned files are in place.
set -euo pipefail
cd "$(dirname "$0")/.."

MUJOCO_VERSION=3.3.0
GYMNASIUM_VERSION=1.4.0
# The wheel whose library we take is the same file whatever Python this machine has.
MUJOCO_WHEEL="mujoco-${MUJOCO_VERSION}-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
MUJOCO_SHA256=1403630afb922ab2cb7aa7310b5cb596a5568ee4250f96e663c9f365353cab00
GYMNASIUM_WHEEL="gymnasium-${GYMNASIUM_VERSION}-py3-none-any.whl"
GYMNASIUM_SHA256=1cb947c59e7c72d8eabb2c2274c00cd20948e69f8452a9ef4092223be24fdf0e

deps=.deps
stamp="$deps/mujoco-${MUJOCO_VERSION}+gymnasium-${GYMNASIUM_VERSION}.installed"
headers=Sources/CMuJoCo/include/mujoco
if [ -f "$stamp" ] && [ -f "$headers/mujoco.h" ] && [ -e "$deps/mujoco/lib/libmujoco.so" ]; then
  echo "install-mujoco: MuJoCo ${MUJOCO_VERSION} and Gymnasium ${GYMNASIUM_VERSION} assets are in place."
  exit 0
fi

if [ "$(uname -m)" != "x86_64" ] || [ "$(uname -s)" != "Linux" ]; then
  echo "install-mujoco: the pinned wheel is for Linux x86_64; this is $(uname -s) $(uname -m)." >&2
  exit 1
fi
for tool in unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-mujoco: needs '$tool' (tools/install-deps.sh installs it)" >&2; exit 1; }
done
pip=""
for candidate in "python3 -m pip" pip3 pip; do
  if $candidate --version >/dev/null 2>&1; then pip="$candidate"; break; fi
done
[ -n "$pip" ] || { echo "install-mujoco: needs pip (Debian: python3-pip) to download the pinned wheels" >&2; exit 1; }

download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
echo "install-mujoco: downloading mujoco==${MUJOCO_VERSION} and gymnasium==${GYMNASIUM_VERSION} wheels"
$pip download --quiet --no-deps --only-binary :all: --platform manylinux2014_x86_64 \
  --python-version 3.11 --implementation cp --abi cp311 -d "$download" "mujoco==${MUJOCO_VERSION}"
$pip download --quiet --no-deps --only-binary :all: -d "$download" "gymnasium==${GYMNASIUM_VERSION}"
check() {
  local file="$download/$1" want="$2"
  [ -f "$file" ] || { echo "install-mujoco: expected $1 from PyPI, got: $(ls "$download")" >&2; exit 1; }
  local got; got=$(sha256sum "$file" | cut -d' ' -f1)
  [ "$got" = "$want" ] || { echo "install-mujoco: $1 has SHA-256 $got, expected $want" >&2; exit 1; }
}
check "$MUJOCO_WHEEL" "$MUJOCO_SHA256"
check "$GYMNASIUM_WHEEL" "$GYMNASIUM_SHA256"

# Unpack into a temporary tree, then move into place, so an interrupted install leaves nothing half-done.
staging="$deps/.staging"
rm -rf "$staging" && mkdir -p "$staging/mujoco/lib" "$staging/mujoco/include" "$staging/gymnasium-assets"
unzip -q "$download/$MUJOCO_WHEEL" "mujoco/libmujoco.so.${MUJOCO_VERSION}" "mujoco/include/mujoco/*" -d "$download/m"
unzip -q "$download/$GYMNASIUM_WHEEL" "gymnasium/envs/mujoco/assets/*" -d "$download/g"
cp "$download/m/mujoco/libmujoco.so.${MUJOCO_VERSION}" "$staging/mujoco/lib/"
ln -s "libmujoco.so.${MUJOCO_VERSION}" "$staging/mujoco/lib/libmujoco.so"
cp -r "$download/m/mujoco/include/mujoco" "$staging/mujoco/include/"
cp "$download/g/gymnasium/envs/mujoco/assets/"*.xml "$staging/gymnasium-assets/"
rm -rf "$deps/mujoco" "$deps/gymnasium-assets"
mv "$staging/mujoco" "$staging/gymnasium-assets" "$deps/"
rm -rf "$staging" "$headers"
mkdir -p "$headers"
cp "$deps/mujoco/include/mujoco/"*.h "$headers/"
touch "$stamp"
echo "install-mujoco: installed MuJoCo ${MUJOCO_VERSION} into $deps/mujoco and Gymnasium ${GYMNASIUM_VERSION}'s assets into $deps/gymnasium-assets"
