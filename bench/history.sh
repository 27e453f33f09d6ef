#!/usr/bin/env bash
# What reading the git history adds to a build: the benchmark handbook (DOCS documents, from
# /work/shared/bench/gen_corpus.py or $GEN_CORPUS) given COMMITS commits of history by
# bench/git_history.py, built with its history and, as a copy outside any repository,
# without. bench/alternate.py runs, in turn (ROUNDS rounds, after a first build into each
# output):
#
#   without         the copy outside any repository (no git process)
#   first build     with the history, the kept history (.git/northstar-history) removed first
#   rebuild         with the history the build before kept, HEAD unchanged
#   after a commit  one document changed and committed, then a build: a daily rebuild
#
#   bench/history.sh [DOCS] [COMMITS]     from the repository root; default 10000 20000
#
# Uses target/quick-release/northstar (built if missing), or $BIN. NORTHSTAR_TODAY is fixed
# so that the digest's default 90-day window holds the last 2,160 commits of the generated
# history. The commits the last case makes are undone at the end (`git reset --hard`).
set -euo pipefail
docs=${1:-10000}
commits=${2:-20000}
rounds=${ROUNDS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-/work/shared/bench/gen_corpus.py}
work=${BENCH_DIR:-/tmp/northstar-bench}/history-$docs-$commits
bin=${BIN:-$root/target/quick-release/northstar}
[ -x "$bin" ] || (cd "$root" && cargo build --profile quick-release)
if [ ! -d "$work/with/.git" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  python3 "$gen" --docs "$docs" --out "$work/with" >/dev/null
  cp -r "$work/with" "$work/without"
  python3 "$root/bench/git_history.py" "$work/with" --commits "$commits"
  # Deltas chosen afresh, as `git gc` chooses them for a repository made of commits: the
  # pack fast-import writes chains each blob onto the one written before it (any document's),
  # and a plain `gc` keeps those chains, which made reading the old versions up to ten times
  # slower (performance.md#history).
  git -C "$work/with" repack -adf -q
fi
export NORTHSTAR_TODAY=2026-12-01
head=$(git -C "$work/with" rev-parse HEAD)
trap 'git -C "$work/with" reset -q --hard "$head"' EXIT
# (`|| true`: `head` stops reading early, which pipefail would count as a failure)
edited=$(cd "$work/with" && git ls-files 'content/*.md' | grep -v _index | head -1 || true)
cat >"$work/commit.sh" <<SCRIPT
#!/bin/sh
cd "$work/with" && echo "A line added by the benchmark." >>"$edited" &&
  git -c user.name=Bench -c user.email=bench@example.org commit -q -a -m "Bench edit" &&
  exec "$bin" --quiet --root "$work/with" build --output "$work/out-with"
SCRIPT
chmod +x "$work/commit.sh"
for side in with without; do
  "$bin" --quiet --root "$work/$side" build --output "$work/out-$side" >/dev/null 2>&1 || true
done
build="$bin --quiet --root $work/with build --output $work/out-with"
python3 "$root/bench/alternate.py" "$rounds" \
  "$bin --quiet --root $work/without build --output $work/out-without" \
  "sh -c 'rm -f $work/with/.git/northstar-history; exec $build'" \
  "$build" \
  "$work/commit.sh"
echo "diff pages: $(find "$work/out-with/history" -name '*.html' | wc -l)"
