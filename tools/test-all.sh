#!/bin/sh
# The whole test suite: a release build with every test, then a build with AddressSanitizer
# and UndefinedBehaviorSanitizer running the unit and end-to-end tests (the long statistical
# checks, labelled "theory", and the golden outputs run in the release build only).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMILKRUN_SANITIZE=ON
cmake --build build-asan -j "$jobs" --target milkrun milkrun_tests
ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE "theory|golden"
