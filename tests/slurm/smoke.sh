#!/usr/bin/env bash
# Self-test of cluster.sh: a 4-task array job, then a job that depends on it and lists its output.
# Exits 0 only if every file is there with the right content; always stops the cluster.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=/tmp/prism-slurm-smoke

trap '"$here/cluster.sh" stop' EXIT
"$here/cluster.sh" start

rm -rf "$out" && mkdir -p "$out"
# shellcheck disable=SC2016  # the job's shell expands these, not ours
array=$(sbatch --parsable --array=0-3 --output="$out/array-%A_%a.log" \
  --wrap 'echo $SLURM_ARRAY_TASK_ID > /tmp/prism-slurm-smoke/$SLURM_ARRAY_TASK_ID')
array=${array%%;*}   # --parsable prints "id;cluster" when a cluster name is involved
merge=$(sbatch --parsable --dependency=afterok:"$array" --output="$out/merge-%j.log" \
  --wrap 'ls /tmp/prism-slurm-smoke > /tmp/prism-slurm-smoke/merged')
merge=${merge%%;*}
echo "submitted array $array, dependent $merge"

"$here/cluster.sh" wait "$merge" 120
"$here/cluster.sh" wait "$array" 10

for i in 0 1 2 3; do
  [ "$(cat "$out/$i" 2>/dev/null)" = "$i" ] || { echo "smoke: $out/$i missing or wrong" >&2; exit 1; }
  grep -qx "$i" "$out/merged" || { echo "smoke: merged listing lacks $i" >&2; cat "$out/merged" >&2; exit 1; }
done
echo "smoke: OK (array $array, dependent $merge)"
