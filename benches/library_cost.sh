#!/usr/bin/env bash
# What the content library costs per record: the welcome message exported as it is (library
# brand and snippets) and as a copy with them written out in the project (the same output,
# made by benches/library_inline.py), 10,000 records, one thread, three runs each, to a RAM
# folder; prints each median and their ratio. `benches/library_cost.sh [PRISM]`.
set -euo pipefail
cd "$(dirname "$0")/.."
prism=${1:-target/release/prism}
[ -x "$prism" ] || cargo build --release --bin prism
inline=projects/zz-welcome-inline.ron
out=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$inline" "$out"' EXIT
python3 benches/library_inline.py projects/welcome.ron "$inline"
cmp <("$prism" render projects/welcome.ron --channel email --record C-1001 2>/dev/null) \
    <("$prism" render "$inline" --channel email --record C-1001 2>/dev/null)
median() { sort -n | sed -n 2p; }
run() {
  for _ in 1 2 3; do
    rm -rf "$out/x"
    start=$(date +%s.%N)
    "$prism" export "$1" --data projects/audience-10k.json --threads 1 --out "$out/x" >/dev/null 2>&1
    echo "$(date +%s.%N) - $start" | bc
  done | median
}
library=$(run projects/welcome.ron)
written=$(run "$inline")
echo "library: $library s, written out: $written s, ratio $(echo "scale=3; $library / $written" | bc)"
