#!/usr/bin/env bash
# The search index's share of a build in instructions, which do not depend on the machine's
# load: the same handbook built with search on and off under `valgrind --tool=callgrind`,
# with one rayon thread (idle threads spinning would add instructions of their own).
#
#   bench/instructions.sh [DOCS]    from the repository root; default 1000 documents
#
# Needs valgrind (apt-get install valgrind) and the handbooks bench/search.sh generates
# (run `RUNS=1 bench/search.sh DOCS` once first). Each side is built once before it is
# measured, so both compare against a previous output, as a rebuild does. Prints each
# side's instruction count and the share of the "on" build that the "off" build does not
# run; the callgrind files stay in the work folder for `callgrind_annotate`.
set -euo pipefail
docs=${1:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/northstar-bench}/search-$docs
bin="$root/target/release/northstar"
[ -x "$bin" ] || (cd "$root" && cargo build --release)
for side in on off; do
  [ -d "$work/$side/content" ] || { echo "no $work/$side: run bench/search.sh $docs first"; exit 1; }
done
declare -A counts
for side in on off; do
  "$bin" --quiet --root "$work/$side" build --output "$work/out-$side" >/dev/null 2>&1
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/callgrind-$side.out" \
    "$bin" --quiet --root "$work/$side" build --output "$work/out-$side" >/dev/null 2>"$work/callgrind-$side.log"
  counts[$side]=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/callgrind-$side.log")
done
python3 - "${counts[on]}" "${counts[off]}" <<'PY'
import sys
on, off = int(sys.argv[1]), int(sys.argv[2])
print(f"instructions: search on {on / 1e9:.3f} G, off {off / 1e9:.3f} G; "
      f"index share of the build {(on - off) / on * 100:.1f}%")
PY
