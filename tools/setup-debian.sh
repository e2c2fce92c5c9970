#!/bin/sh
# Installs the Debian 12 packages milkrun builds and tests with (skips apt when all are present).
set -eu
packages="cmake g++ make python3 libboost-dev libeigen3-dev libcli11-dev nlohmann-json3-dev doctest-dev libopenmpi-dev openmpi-bin"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi
