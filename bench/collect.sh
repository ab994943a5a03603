#!/usr/bin/env bash
# Collection benchmark: provisions N resources (default 5,000) across three
# regions in a moto server, then measures `cloudward collect aws` against it:
# resources/s, API calls per resource, cloudward's own CPU per resource (the
# emulator runs in another process and is not counted) and peak RSS.
# Usage: bench/collect.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-5000}"
REGIONS="us-east-1,eu-west-1,ap-southeast-2"
OUT=bench/out
mkdir -p "$OUT"
scripts/test-deps.sh >/dev/null
go build -o bin/cloudward ./cmd/cloudward
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.cache/venv/bin/moto_server -H 127.0.0.1 -p "$PORT" > "$OUT/moto.log" 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null && break; sleep 0.2; done
go run ./bench/seed -endpoint "http://127.0.0.1:$PORT" -n "$N" -regions "$REGIONS"
# A keep-alive front, as AWS endpoints are (see bench/endpoint).
FRONT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
go build -o "$OUT/endpoint" ./bench/endpoint
"$OUT/endpoint" -listen "127.0.0.1:$FRONT" -target "http://127.0.0.1:$PORT" &
FRONTPID=$!
trap 'kill $MOTO $FRONTPID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$FRONT/moto-api/" >/dev/null && break; sleep 0.1; done
export AWS_ENDPOINT_URL="http://127.0.0.1:$FRONT" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
/usr/bin/time -v bin/cloudward collect aws --regions "$REGIONS" -o "$OUT/collected.jsonl" 2> "$OUT/collect-time.txt" || { cat "$OUT/collect-time.txt"; exit 1; }
summary=$(grep '^collected' "$OUT/collect-time.txt")
echo "$summary"
python3 - "$OUT/collect-time.txt" "$OUT/collected.jsonl" <<'PY'
import json, re, sys
t = open(sys.argv[1]).read()
def field(name):
    return re.search(re.escape(name) + r".*?: (.*)", t).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
secs = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
m = re.search(r"collected ([\d,]+) resources .*?: ([\d,]+) API calls", t)
res, calls = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
by_type = {}
for line in open(sys.argv[2]):
    d = json.loads(line)
    if "type" in d and "record" not in d:
        by_type[d["type"]] = by_type.get(d["type"], 0) + 1
print(f"wall {secs:.1f} s   resources {res}   {res/secs:,.0f} resources/s")
print(f"API calls {calls}   {calls/res:.3f} calls/resource")
print(f"cloudward CPU {cpu:.2f} s   {cpu/res*1e6:.0f} µs/resource   peak RSS {rss:.0f} MiB")
print("by type: " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
PY
