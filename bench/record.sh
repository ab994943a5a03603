#!/usr/bin/env bash
# Recording benchmark for large estates: generates an N-asset inventory
# (default 200,000; seed 1), then times with GNU time, into a fresh SQLite
# store: the scan without recording, the first recorded scan (everything
# new) and an unchanged rescan; and reports the store's size.
# Usage: bench/record.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"
OUT=bench/out/record
rm -rf "$OUT"; mkdir -p "$OUT"
go build -o bin/cloudward ./cmd/cloudward
bin/cloudward dev gen-inventory --assets "$N" --seed 1 -o "$OUT/inventory.jsonl"
run() { # label, extra flags…
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" bin/cloudward scan snapshot "$OUT/inventory.jsonl" "$@" \
    -q -f json -o /dev/null --no-exceptions --now 2026-06-01T00:00:00Z
}
echo "== recording $N assets (cores: $(nproc))"
run "without recording" --no-record
run "first recorded scan" --store "$OUT/store.db"
run "unchanged rescan" --store "$OUT/store.db"
echo "store: $(du -cb "$OUT"/store.db* | tail -1 | cut -f1) bytes"
