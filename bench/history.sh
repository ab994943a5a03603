#!/usr/bin/env bash
# History benchmark: DAYS daily scans (default 30) of an N-asset inventory
# (default 10,000) where SHARE of the assets (default 1 %) change each day,
# recorded in a fresh store. Reports the store's size against one full
# snapshot plus the changes, the time to record a scan (against the same
# scan with --no-record), and the latency of findings list, drift and
# query on the final store.
# Usage: bench/history.sh [N] [DAYS] [SHARE] [STORE]   (STORE: a postgres:// URL, default SQLite)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
DAYS="${2:-30}"
SHARE="${3:-0.01}"
OUT=bench/out/history
rm -rf "$OUT"; mkdir -p "$OUT"
STORE="${4:-$OUT/store.db}"
go build -o bin/cloudward ./cmd/cloudward
go build -o "$OUT/mutate" ./bench/mutate
CW=bin/cloudward
ms() { date +%s%3N; }
# timeit LABEL CMD...: run, print the wall time in ms
timeit() { local label=$1; shift; local t0; t0=$(ms); "$@" >/dev/null; echo "$label $(( $(ms) - t0 ))"; }

$CW dev gen-inventory --assets "$N" --seed 11 -o "$OUT/day1.jsonl"
SNAP=$(stat -c %s "$OUT/day1.jsonl")
CHANGED_BYTES=0
: > "$OUT/record-ms.txt"
for day in $(seq 1 "$DAYS"); do
  if [ "$day" -gt 1 ]; then
    "$OUT/mutate" -in "$OUT/day$((day-1)).jsonl" -out "$OUT/day$day.jsonl" -day "$day" -share "$SHARE"
    # bytes of the lines that changed
    CHANGED_BYTES=$(( CHANGED_BYTES + $( { diff <(sort "$OUT/day$((day-1)).jsonl") <(sort "$OUT/day$day.jsonl") || true; } | grep '^>' | wc -c) ))
    rm -f "$OUT/day$((day-2)).jsonl"
  fi
  NOW=$(date -u -d "2026-06-01 +$day days" +%Y-%m-%dT00:00:00Z)
  t0=$(ms)
  $CW scan snapshot "$OUT/day$day.jsonl" --store "$STORE" --now "$NOW" --no-exceptions -q -f json -o /dev/null
  echo "$(( $(ms) - t0 ))" >> "$OUT/record-ms.txt"
  if [ "$day" = 1 ] && [ "${STORE#postgres}" = "$STORE" ]; then
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$STORE"
    SIZE1=$(du -cb "$STORE"* | tail -1 | cut -f1)
  fi
done
LAST="$OUT/day$DAYS.jsonl"
NOREC=$( { t0=$(ms); $CW scan snapshot "$LAST" --no-record --no-exceptions -q -f json -o /dev/null; echo $(( $(ms) - t0 )); } )

echo "== history: $N assets, $DAYS daily scans, $SHARE changing per day ($STORE)"
echo "one full snapshot (inventory JSONL): $SNAP bytes"
echo "changed asset lines over $((DAYS-1)) days: $CHANGED_BYTES bytes"
if [ "${STORE#postgres}" = "$STORE" ]; then
  # Fold the write-ahead log into the database file before measuring.
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$STORE"
  SIZE=$(du -cb "$STORE"* | tail -1 | cut -f1)
  echo "store after day 1: $SIZE1 bytes; after day $DAYS: $SIZE bytes"
  python3 -c "s=$SIZE; snap=$SNAP; ch=$CHANGED_BYTES; print(f'store / (2 x snapshot + changes) = {s/(2*snap+ch):.2f}  (target <= 1)')"
fi
sort -n "$OUT/record-ms.txt" | awk '{a[NR]=$1} END {printf "scan + record, ms: first %d, median of days 2-N %d, max %d\n", a[1], a[int((NR+1)/2)], a[NR]}'
head -1 "$OUT/record-ms.txt" | awk '{printf "day 1 (everything new): %d ms\n", $1}'
echo "same scan of day $DAYS without recording: $NOREC ms"
timeit "findings list (all open, json) ms:" $CW findings list --store "$STORE" -f json
timeit "findings list --severity critical,high ms:" $CW findings list --store "$STORE" --severity critical,high
timeit "findings list --new-since $((DAYS-7)) ms:" $CW findings list --store "$STORE" --new-since $((DAYS-7)) --state all
timeit "drift (day $((DAYS-1)) -> $DAYS) ms:" $CW drift --store "$STORE"
timeit "drift --from 1 --to $DAYS ms:" $CW drift --store "$STORE" --from 1 --to "$DAYS"
timeit "inventory list ms:" $CW inventory list --store "$STORE" -f json
timeit "query (count by type) ms:" $CW query --store "$STORE" "SELECT type, COUNT(*) FROM assets GROUP BY type"
