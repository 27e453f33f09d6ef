#!/usr/bin/env python3
"""Where a build leaves a core idle: perf samples counted per time slice and per thread.

    perf record -F 2000 -g -o /tmp/perf.data BUILD-COMMAND
    perf script -i /tmp/perf.data > /tmp/perf.txt
    bench/timeline.py /tmp/perf.txt [SLICE_MS] [--from MS --to MS]

Each line is one slice of SLICE_MS milliseconds (default 25): how many samples fell in it
(with `-F 2000` on two cores, 100 per 25 ms is both cores busy, 50 is one), how many threads
they came from, and the two Northstar functions most of them were under (the outermost
frame below the thread's entry, so a stage rather than a leaf). A slice at 50 on a two-core
machine is one core idle: look there for a serial step or a thread finishing alone. With
--from/--to it prints instead the call chains most sampled in that window, leaf first.

Build with frame pointers so the chains are whole:
CARGO_TARGET_DIR=/work/target-prof CARGO_PROFILE_QUICK_RELEASE_DEBUG=line-tables-only
RUSTFLAGS="-C force-frame-pointers=yes" cargo build --profile quick-release
"""
import collections
import re
import sys

HEADER = re.compile(r"(\d+)\s+(\d+\.\d+):")
FRAME = re.compile(r"\+0x[0-9a-f]+ .*")
# Frames that only carry work between threads, skipped when naming a stage.
PLUMBING = ("northstar::pieces", "northstar::beside")


def samples(path):
    """(time in seconds, thread id, frames leaf first) of every sample in `perf script` text."""
    for block in open(path, encoding="utf-8", errors="replace").read().split("\n\n"):
        lines = block.strip().split("\n")
        found = HEADER.search(lines[0]) if lines and lines[0] else None
        if not found:
            continue
        frames = []
        for line in lines[1:]:
            parts = line.strip().split(" ", 1)
            if len(parts) == 2:
                frames.append(FRAME.sub("", parts[1]))
        yield float(found.group(2)), found.group(1), frames


def stage(frames):
    """The outermost Northstar frame but one: the stage a sample belongs to."""
    ours = [f for f in frames if f.startswith("northstar::") and not f.startswith(PLUMBING)]
    if len(ours) > 1:
        return ours[-2][:50]
    return (ours[0] if ours else frames[0] if frames else "?")[:50]


def timeline(path, slice_ms):
    counts = collections.defaultdict(collections.Counter)
    stages = collections.defaultdict(collections.Counter)
    start = None
    for time, thread, frames in samples(path):
        start = time if start is None else start
        at = int((time - start) * 1000) // slice_ms * slice_ms
        counts[at][thread] += 1
        stages[at][stage(frames)] += 1
    for at in sorted(counts):
        total = sum(counts[at].values())
        top = ", ".join(f"{name} {n}" for name, n in stages[at].most_common(2))
        print(f"{at:6d} ms {total:4d} {'#' * (total // 4):25s} threads {len(counts[at])}  {top}")


def window(path, low, high):
    chains = collections.Counter()
    start = None
    for time, _, frames in samples(path):
        start = time if start is None else start
        if low <= (time - start) * 1000 < high:
            shown = [f for f in frames if not f.startswith(("core::", "alloc::", "std::", "rayon"))]
            chains[" < ".join(f[:50] for f in shown[:4])] += 1
    for chain, n in chains.most_common(20):
        print(f"{n:5d} {chain}")


def main(args):
    if not args:
        sys.exit(__doc__)
    path = args[0]
    if "--from" in args and "--to" in args:
        window(path, float(args[args.index("--from") + 1]), float(args[args.index("--to") + 1]))
    else:
        timeline(path, int(args[1]) if len(args) > 1 else 25)


if __name__ == "__main__":
    main(sys.argv[1:])
