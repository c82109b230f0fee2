#!/usr/bin/env bash
# A sharded export on a real scheduler: a one-node Slurm cluster on loopback runs
# `prism export --shard $SLURM_ARRAY_TASK_ID/4` as a 4-task job array and `prism merge` as a
# job that depends on it (afterok); the merged folder must equal a one-machine export byte
# for byte, and `prism verify` must accept it. Always stops the cluster.
#   tests/slurm/sharded_export.sh [PRISM_BINARY]   (default target/debug/prism)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prism=$(realpath "${1:-$root/target/debug/prism}")
work=$(mktemp -d /tmp/prism-slurm-export.XXXXXX)
chmod 755 "$work"

trap '"$here/cluster.sh" stop; rm -rf "$work"' EXIT
"$here/cluster.sh" start

# 2,000 generated customers beside a copy of the welcome project (and its images).
mkdir -p "$work/projects"
cp "$root/projects/welcome.ron" "$work/projects/"
cp -r "$root/assets" "$work/"
python3 "$root/projects/generate_audience.py" --records 2000 --out "$work/projects" >/dev/null
data="$work/projects/audience-10k.json"
export SOURCE_DATE_EPOCH=1767225600   # one export time for every shard and the reference

# The same command line on one machine (the manifest names the project file as given).
(cd "$work" && "$prism" export projects/welcome.ron --data "$data" --print-merged \
  --out one-machine >/dev/null 2>&1) || [ $? -eq 1 ]   # 1: diagnostics, still written

# The jobs see the exported environment (sbatch passes it on by default).
# shellcheck disable=SC2016  # $SLURM_ARRAY_TASK_ID is the job's to expand
array=$(sbatch --parsable --array=0-3 --output="$work/shard-%a.log" --chdir="$work" \
  --wrap "'$prism' export projects/welcome.ron --data '$data' --print-merged --threads 1 \
          --shard \$SLURM_ARRAY_TASK_ID/4 --out shard-\$SLURM_ARRAY_TASK_ID; test \$? -le 1")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --output="$work/merge.log" --chdir="$work" \
  --wrap "'$prism' merge shard-0 shard-1 shard-2 shard-3 --out merged")
merge=${merge%%;*}
echo "sharded_export: array job $array, merge job $merge"

if ! "$here/cluster.sh" wait "$merge" 600 || ! "$here/cluster.sh" wait "$array" 10; then
  tail -n 20 "$work"/*.log >&2
  exit 1
fi
cat "$work/merge.log"
diff -r "$work/one-machine" "$work/merged" >&2 || { echo "sharded_export: merged differs" >&2; exit 1; }
"$prism" verify "$work/merged"
for i in 0 1 2 3; do
  echo "shard $i: $(wc -l < "$work/shard-$i/manifest.jsonl") records"
done
echo "sharded_export: OK — 4 Slurm array tasks merged equal the one-machine export"
