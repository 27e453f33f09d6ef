#!/usr/bin/env bash
# What reading the git history adds to a build: the benchmark handbook (DOCS documents, from
# /work/shared/bench/gen_corpus.py or $GEN_CORPUS) given COMMITS commits of history by
# bench/git_history.py, built with its history and, as a copy outside any repository,
# without. hyperfine times both (RUNS runs each, after a first build into the output).
#
#   bench/history.sh [DOCS] [COMMITS]     from the repository root; default 10000 20000
#
# Uses target/quick-release/northstar (built if missing). NORTHSTAR_TODAY is fixed so that
# the digest's default 90-day window holds the last 2,160 commits of the generated history.
set -euo pipefail
docs=${1:-10000}
commits=${2:-20000}
runs=${RUNS:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-/work/shared/bench/gen_corpus.py}
work=${BENCH_DIR:-/tmp/northstar-bench}/history-$docs-$commits
bin="$root/target/quick-release/northstar"
[ -x "$bin" ] || (cd "$root" && cargo build --profile quick-release)
if [ ! -d "$work/with/.git" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  python3 "$gen" --docs "$docs" --out "$work/with" >/dev/null
  cp -r "$work/with" "$work/without"
  python3 "$root/bench/git_history.py" "$work/with" --commits "$commits"
  git -C "$work/with" gc -q
fi
export NORTHSTAR_TODAY=2026-12-01
for side in with without; do
  "$bin" --quiet --root "$work/$side" build --output "$work/out-$side" >/dev/null 2>&1 || true
done
hyperfine --runs "$runs" --warmup 1 \
  -n "with history" "$bin --quiet --root $work/with build --output $work/out-with" \
  -n "without" "$bin --quiet --root $work/without build --output $work/out-without" || true
echo "diff pages: $(find "$work/out-with/history" -name '*.html' | wc -l)"
