#!/usr/bin/env bash
# Runs one fuzz target for FUZZTIME: scripts/fuzz.sh PACKAGE TARGET [go test flags…]
#
# Go 1.26's fuzz coordinator can report "context deadline exceeded" when
# -fuzztime expires while a worker is mid-run (golang/go#75804, fixed in
# Go 1.27). That is not a finding: a real one writes its failing input
# under testdata/fuzz/ and says so. Such a run is retried once; any other
# failure fails at once.
set -uo pipefail
pkg=$1 target=$2
shift 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2; do
  "${GO:-go}" test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "${FUZZTIME:-5s}" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  [ "$status" = 0 ] && exit 0
  if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
    echo "fuzz: $pkg $target hit the fuzztime deadline race (golang/go#75804), no failing input; attempt $attempt" >&2
    continue
  fi
  exit "$status"
done
exit 1
