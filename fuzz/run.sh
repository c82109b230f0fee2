#!/usr/bin/env bash
# Runs every fuzz target for a while (cargo-fuzz, libFuzzer, nightly toolchain).
#   fuzz/run.sh [SECONDS_PER_TARGET [TARGET...]]      (default 600 s, every target)
# Seeds come from the sample projects and data; a crash, hang (-timeout) or out-of-memory
# report (-rss_limit_mb) stops a target with its input in fuzz/artifacts/TARGET/. Such an input
# becomes a case file under tests/cases/ (data, projects or templates), so the suite runs it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || { echo "fuzz/run.sh: needs the nightly toolchain" >&2; exit 1; }

seed() {  # seed TARGET FILES...
  local dir=corpus/$1; shift
  mkdir -p "$dir"
  for f in "$@"; do cp "$f" "$dir/"; done
}
seed project_ron ../projects/*.ron
seed records ../projects/customers.json ../projects/customers.csv ../projects/invoice-fleet.json
seed render ../projects/customers.json
seed image_asset ../assets/images/*
seed sms ../projects/customers.csv

mkdir -p logs
failed=0
targets=("${@:2}")
[ ${#targets[@]} -gt 0 ] || targets=(project_ron records render image_asset sms)
for target in "${targets[@]}"; do
  echo "== $target: $seconds s"
  status=0
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
    -print_final_stats=1 > "logs/$target.log" 2>&1 || status=$?
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|==[0-9]+==|artifact_prefix|Test unit written)" \
    "logs/$target.log" | tail -n 6 || true
  if [ "$status" -ne 0 ]; then echo "== $target FAILED (exit $status): fuzz/logs/$target.log"; failed=1; fi
done
exit "$failed"
