#!/bin/sh
# Installs the Debian 12 packages milkrun builds with (skips apt when all are present).
# With --tests, also what the test suite drives: Chromium (report.html is rendered headless)
# and python3-jsonschema (scenarios/schema.json is checked against every scenario).
# With --fuzz, also clang and its libFuzzer and sanitizer runtimes, for tools/fuzz (not
# part of the test suite).
set -eu
packages="cmake g++ make python3 libboost-dev libeigen3-dev libcli11-dev nlohmann-json3-dev doctest-dev libopenmpi-dev openmpi-bin"
for option in "$@"; do
  case "$option" in
    --tests) packages="$packages chromium python3-jsonschema" ;;
    --fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    *) echo "usage: tools/setup-debian.sh [--tests] [--fuzz]" >&2; exit 2 ;;
  esac
done
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi
