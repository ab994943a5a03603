#!/usr/bin/env bash
# Cost of one (rule, asset) evaluation for every built-in rule over its
# subjects in the demo inventory, and the median across rules.
# Usage: bench/engine.sh [COUNT]   (COUNT repetitions per rule, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-5}"
mkdir -p bench/out
go test ./engine -run '^$' -bench '^BenchmarkLibrary$' -benchtime 20000x -count "$COUNT" | tee bench/out/engine.txt |
  python3 -c '
import re, sys, statistics
per = {}
for line in sys.stdin:
    m = re.match(r"BenchmarkLibrary/(\S+?)-\d+\s+\d+\s+([\d.]+) ns/op", line)
    if m:
        per.setdefault(m.group(1), []).append(float(m.group(2)))
rules = {k: statistics.median(v) for k, v in per.items()}
for k in sorted(rules, key=rules.get):
    print(f"{k:28s} {rules[k]:8.0f} ns")
vals = sorted(rules.values())
print(f"rules: {len(vals)}   median per (rule, asset): {statistics.median(vals):.0f} ns   "
      f"p90: {vals[int(0.9*(len(vals)-1))]:.0f} ns   max: {vals[-1]:.0f} ns")
'
