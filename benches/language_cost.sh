#!/usr/bin/env bash
# What languages cost per record: the welcome message's 10,000 sample customers exported by
# the Prism before languages (BASE, 529cba7, with its own projects) and by this one, one
# thread, three runs each, to a RAM folder; medians and their ratio. This Prism runs twice: on
# the audience as it is (every customer writes `de`: the default), and with the customers'
# languages cycled through de, de-AT, en and fr (each record gets its own language's
# templates, a quarter of them a fallback note).
#   benches/language_cost.sh [BASE_PRISM]
# Without BASE_PRISM the base is built in a worktree under target/ (a release build: minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=529cba7
prism=target/release/prism
[ -x "$prism" ] || cargo build --release --bin prism
worktree=target/language-base
[ -d "$worktree" ] || git worktree add --detach "$worktree" "$base_rev" >/dev/null
base=${1:-}
if [ -z "$base" ]; then
  CARGO_TARGET_DIR=target/language-base-target cargo build --release --bin prism \
    --manifest-path "$worktree/Cargo.toml"
  base=target/language-base-target/release/prism
fi
out=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$out/mixed.json" <<'PY'
import json, sys
records = json.load(open("projects/audience-10k.json"))
for i, r in enumerate(records):
    r["language"] = ["de", "de-AT", "en", "fr"][i % 4]
json.dump(records, open(sys.argv[1], "w"))
PY
median() { sort -n | sed -n 2p; }
run() { # PRISM PROJECT DATA
  for _ in 1 2 3; do
    rm -rf "$out/x"
    start=$(date +%s.%N)
    "$1" export "$2" --data "$3" --threads 1 --out "$out/x" >/dev/null 2>&1 || true
    [ -f "$out/x/manifest.json" ] || { echo "export by $1 failed" >&2; exit 1; }
    echo "$(date +%s.%N) - $start" | bc
  done | median
}
before=$(run "$base" "$worktree/projects/welcome.ron" projects/audience-10k.json)
german=$(run "$prism" projects/welcome.ron projects/audience-10k.json)
mixed=$(run "$prism" projects/welcome.ron "$out/mixed.json")
echo "before languages: $before s; now, all German: $german s (ratio $(echo "scale=3; $german / $before" | bc)); now, four languages: $mixed s (ratio $(echo "scale=3; $mixed / $before" | bc))"
