#!/usr/bin/env bash
# End-to-end scan benchmark: generate N assets (default 1,000,000), then scan
# them with every built-in rule, reporting wall time, CPU time, peak RSS and
# throughput. Usage: bench/scan.sh [N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
SEED="${2:-1}"
OUT=bench/out
BIN=bin/cloudward
mkdir -p "$OUT"
[ -x "$BIN" ] || go build -o "$BIN" ./cmd/cloudward
INV="$OUT/inventory-$N-$SEED.jsonl"
if [ ! -s "$INV" ]; then
  echo "generating $N assets (seed $SEED) -> $INV"
  "$BIN" dev gen-inventory --assets "$N" --seed "$SEED" -o "$INV"
fi
SIZE=$(du -m "$INV" | cut -f1)
echo "inventory: $N assets, ${SIZE} MiB; cores: $(nproc)"
TIMEFILE="$OUT/time.txt"
/usr/bin/time -v "$BIN" scan snapshot --no-record "$INV" --format json -o "$OUT/findings.json" \
  --now 2026-06-01T00:00:00Z --quiet 2> "$TIMEFILE" || { cat "$TIMEFILE"; exit 1; }
wall=$(grep "Elapsed (wall clock)" "$TIMEFILE" | awk '{print $NF}')
user=$(grep "User time" "$TIMEFILE" | awk '{print $NF}')
sys=$(grep "System time" "$TIMEFILE" | awk '{print $NF}')
rss=$(grep "Maximum resident set size" "$TIMEFILE" | awk '{print $NF}')
python3 - "$OUT/findings.json" "$wall" "$user" "$sys" "$rss" "$N" <<'PY'
import json, sys
path, wall, user, sys_, rss_kb, n = sys.argv[1:]
parts = [float(p) for p in wall.split(":")]
secs = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
s = json.load(open(path))["summary"]
r = s["results"]
print(f"wall {secs:.2f} s   cpu {float(user)+float(sys_):.2f} s   peak RSS {int(rss_kb)/1024:.0f} MiB")
print(f"assets {s['assets']}   rules {s['rules']}   evaluations {s['evaluations']}")
print(f"results: {r['fail']} FAIL  {r['unknown']} UNKNOWN  {r['pass']} PASS")
print(f"throughput {s['assets']/secs:,.0f} assets/s   {s['evaluations']/secs:,.0f} evaluations/s")
PY
