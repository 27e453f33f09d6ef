#!/usr/bin/env bash
# The search index on a generated handbook: its size, the bytes a query transfers, and its
# share of the whole build (the same build with `search: {enabled: false}`, side by side).
#
#   bench/search.sh [DOCS]          from the repository root; default 10000 documents
#
# Needs python3, hyperfine (apt-get install hyperfine) and ../shared/bench/gen_corpus.py. As
# in compare.sh, a `kinds:` block makes the fields the generator does not write optional.
set -euo pipefail
docs=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
generator="$root/../shared/bench/gen_corpus.py"
work=${BENCH_DIR:-/tmp/northstar-bench}/search-$docs
bin="$root/target/release/northstar"
[ -x "$bin" ] || (cd "$root" && cargo build --release)
mkdir -p "$work"
[ -d "$work/on/content" ] || python3 "$generator" --docs "$docs" --out "$work/on" --flavor northstar
cat > "$work/on/northstar.yaml" <<'YAML'
title: Benchmark Handbook
kinds:
  standard: {statuses: [draft, proposed, approved, active, deprecated, retired]}
  policy: {fields: {effective: date}}
  technology: {fields: {ring: {type: choice, values: [adopt, trial, assess, hold]}, quadrant: text}}
  initiative: {fields: {start: period, end: period, lane: text}}
YAML
mkdir -p "$work/off"
[ -d "$work/off/content" ] || cp -r "$work/on/content" "$work/off/content"
{ cat "$work/on/northstar.yaml"; echo "search: {enabled: false}"; } > "$work/off/northstar.yaml"
for side in on off; do
  "$bin" --quiet --root "$work/$side" check >/dev/null 2>&1 || { echo "the generated handbook has errors:"; "$bin" --root "$work/$side" check | tail -5; exit 1; }
done
# `sync` before each run: what one build leaves for the disk to write slows the next.
hyperfine --warmup 1 --runs "${RUNS:-5}" -N --prepare sync --export-json "$work/result.json" \
  -n "search on" "$bin --quiet --root $work/on build --output $work/out-on" \
  -n "search off" "$bin --quiet --root $work/off build --output $work/out-off"
python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
on, off = r["search on"], r["search off"]
share = lambda key: (on[key] - off[key]) / on[key] * 100
print(f"median wall: on {on['median']:.2f} s, off {off['median']:.2f} s; index share of the build {share('median'):.0f}%")
print(f"mean user CPU: on {on['user']:.2f} s, off {off['user']:.2f} s; share {share('user'):.0f}%")
cpu = lambda r: r["user"] + r["system"]
print(f"mean CPU (user + system): on {cpu(on):.2f} s, off {cpu(off):.2f} s; share {(cpu(on) - cpu(off)) / cpu(on) * 100:.0f}%")
PY
echo "index: $(du -sh "$work/out-on/search" | cut -f1) in $(find "$work/out-on/search" -type f | wc -l) files;" \
  "$(find "$work/out-on/search/t" "$work/out-on/search/s" -type f 2>/dev/null | wc -l) word shards," \
  "largest $(ls -S "$work/out-on/search/t" | head -1) $(stat -c %s "$work/out-on/search/t/$(ls -S "$work/out-on/search/t" | head -1)") bytes"
python3 "$root/bench/search_transfer.py" "$work/out-on" "cl" "cloud" "cloud strategy" "encryption incident" "00042" "zero trust network"
