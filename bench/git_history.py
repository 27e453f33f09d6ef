#!/usr/bin/env python3
"""Give a generated benchmark handbook a git history, quickly, through `git fast-import`.

    bench/git_history.py /tmp/hb10k                  # 20,000 commits
    bench/git_history.py /tmp/hb10k --commits 2000

The handbook (made by /work/shared/bench/gen_corpus.py) must not be a repository yet. The
first commit adds every file; each later commit changes one document: earlier versions of a
document carry `status: draft` and a paragraph more than the next, one commit in twenty
renames the document from an older name, and the last version of every document is the file
as it is on disk, so the working tree is clean afterwards. Authors and dates (one commit an
hour, the last on 2026-11-30) are set per commit; the tag `board-2026-q3` marks the commit nine
tenths of the way along. Deterministic for one --seed.
"""
import argparse
import os
import random
import re
import subprocess

AUTHORS = ["Ada Byron", "Grace Hopper", "Linus Pauling", "Mary Jackson", "Alan Kay",
           "Barbara Liskov", "Ken Thompson", "Radia Perlman"]
END = 1796083200  # 2026-12-01T00:00:00Z: the last commit is the hour before
STATUS = re.compile(rb"^status: .*$", re.M)


def files_of(root):
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            path = os.path.join(folder, name)
            out.append(os.path.relpath(path, root))
    return sorted(out)


def version(text, k, last):
    """Version k (0-based) of a document whose last version is `last` and is `text`."""
    if k == last:
        return text
    earlier = STATUS.sub(b"status: draft", text, count=1) if k == 0 else text
    extra = "".join(f"\nEarlier wording number {n} of this document, since revised.\n"
                    for n in range(last - k))
    return earlier + extra.encode()


def data(out, blob):
    out.write(b"data %d\n" % len(blob))
    out.write(blob)
    out.write(b"\n")


def commit(out, n, total, subject, changes):
    """Writes commit number n (1-based) with `changes`: (path, bytes or None for delete)."""
    author = AUTHORS[n % len(AUTHORS)]
    email = author.lower().replace(" ", ".") + "@example.org"
    when = END - (total - n + 1) * 3600
    out.write(b"commit refs/heads/main\nmark :%d\n" % n)
    for role in (b"author", b"committer"):
        out.write(b"%s %s <%s> %d +0000\n" % (role, author.encode(), email.encode(), when))
    data(out, subject.encode())
    if n > 1:
        out.write(b"from :%d\n" % (n - 1))
    for path, blob in changes:
        if blob is None:
            out.write(b"D %s\n" % path.encode())
        else:
            out.write(b"M 100644 inline %s\n" % path.encode())
            data(out, blob)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("handbook")
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    root = args.handbook
    if os.path.exists(os.path.join(root, ".git")):
        raise SystemExit(f"{root} is a git repository already")
    rng = random.Random(args.seed)
    files = files_of(root)
    docs = [f for f in files if f.startswith("content/") and f.endswith(".md")
            and not f.endswith("_index.md")]
    # Which document each later commit changes, and which documents were renamed.
    picks = [rng.choice(docs) for _ in range(args.commits - 1)]
    count = {d: 0 for d in docs}
    for d in picks:
        count[d] += 1
    renamed = {d for d in docs if count[d] and rng.random() < 0.05 * count[d]}
    old_name = {d: os.path.join(os.path.dirname(d), "old-" + os.path.basename(d)) for d in renamed}
    rename_at = {d: rng.randrange(count[d]) for d in renamed}
    texts = {f: open(os.path.join(root, f), "rb").read() for f in files}
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    git = subprocess.Popen(["git", "-C", root, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = git.stdin
    first = []
    for f in files:
        if f in docs:
            first.append((old_name.get(f, f), version(texts[f], 0, count[f])))
        else:
            first.append((f, texts[f]))
    commit(out, 1, args.commits, "Start the handbook", first)
    seen = {d: 0 for d in docs}
    tag_at = int(args.commits * 0.9)
    for i, d in enumerate(picks):
        n = i + 2
        seen[d] += 1
        k = seen[d]
        blob = version(texts[d], k, count[d])
        if d in renamed and rename_at[d] == k - 1:
            changes = [(old_name[d], None), (d, blob)]
            subject = f"Rename {os.path.basename(old_name[d])}"
        else:
            path = old_name[d] if d in renamed and k - 1 < rename_at[d] else d
            changes = [(path, blob)]
            subject = f"Revise {os.path.basename(d)} ({k} of {count[d]})"
        commit(out, n, args.commits, subject, changes)
        if n == tag_at:
            out.write(b"reset refs/tags/board-2026-q3\nfrom :%d\n\n" % n)
    out.close()
    if git.wait() != 0:
        raise SystemExit("git fast-import failed")
    # The index from the last commit; the files on disk already match it.
    subprocess.run(["git", "-C", root, "reset", "-q"], check=True)
    print(f"{root}: {args.commits} commits over {len(docs)} documents, {len(renamed)} renamed")


if __name__ == "__main__":
    main()
