#!/bin/sh
# Installs the Debian 12 packages milkrun builds with (skips apt when all are present).
# With --tests, also what the test suite drives: Chromium (report.html is rendered headless)
# and python3-jsonschema (scenarios/schema.json is checked against every scenario).
set -eu
packages="cmake g++ make python3 libboost-dev libeigen3-dev libcli11-dev nlohmann-json3-dev doctest-dev libopenmpi-dev openmpi-bin"
case "${1:-}" in
  --tests) packages="$packages chromium python3-jsonschema" ;;
  "") ;;
  *) echo "usage: tools/setup-debian.sh [--tests]" >&2; exit 2 ;;
esac
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi
