#!/usr/bin/env python3
"""Bytes a browser transfers for search queries on a built site, following the same steps
as themes/default/static/northstar/search-index.js: the manifest, the shard of each word and
of its stem (one file when they share it), one file per result shown (8 in the header box;
the first 10 and facets.json on the results page). Words are stemmed by the theme's own
stem-en.js, run by node, when the index names it.

    bench/search_transfer.py SITE "query" ["query" …]

Prints one line per query and where, with the bytes of each kind of file. Files are
counted uncompressed, as a server without compression sends them; the theme's script
and stylesheet (search-index.js, search.js, search.css) are counted once, as on a first query.
"""
import json
import os
import re
import subprocess
import sys

BOX, PAGE = 8, 10


def file_key(prefix):
    return "x" + prefix.encode("utf-8").hex()


def words(query):
    return [w for w in re.split(r"[^\w]+|_", query.lower()) if 2 <= len(w) <= 32]


class Site:
    def __init__(self, root):
        self.root = root
        self.loaded = {}
        manifest = self.json("manifest.json")
        self.leaves, self.split = set(manifest["leaves"]), set(manifest["split"])
        self.stemmer = manifest.get("stemmer")

    def json(self, path):
        full = os.path.join(self.root, "search", path)
        if path not in self.loaded:
            self.loaded[path] = os.path.getsize(full)
        with open(full, encoding="utf-8") as f:
            return json.load(f)

    def shard(self, word):
        for n in range(len(word) + 1):
            key = word[:n]
            if key in self.leaves:
                return self.json(f"t/{file_key(key)}.json")
            if key not in self.split:
                return {}
            if n == len(word):
                return self.json(f"s/{file_key(key)}.json")
        return {}

    def search(self, query):
        total = None
        for word in words(query):
            stem = stems(self.root, [word])[0] if self.stemmer else word
            shards = [self.shard(word)] + ([self.shard(stem)] if stem != word else [])
            best = {}
            for shard in shards:
                for key, value in shard.items():
                    group = {key: value} if isinstance(value, list) else value
                    for term, postings in group.items():
                        if term == word:
                            factor = 1
                        elif term.startswith(word):
                            factor = 0.8
                        elif key == stem or word in group:
                            factor = 0.6
                        else:
                            continue
                        for i in range(0, len(postings), 3):
                            doc, score = postings[i], postings[i + 2] * factor
                            best[doc] = max(best.get(doc, 0), score)
            if total is None:
                total = best
            else:
                total = {d: s + best[d] for d, s in total.items() if d in best}
        return sorted((total or {}).items(), key=lambda kv: (-kv[1], kv[0]))


def stems(site_dir, words):
    """The stems stem-en.js gives `words`."""
    script = os.path.join(site_dir, "northstar", "stem-en.js")
    code = ("global.window = {}; require(process.argv[1]); "
            "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(window.NorthstarStem.en)))")
    out = subprocess.run(["node", "-e", code, os.path.abspath(script), json.dumps(words)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    site_dir, queries = sys.argv[1], sys.argv[2:]
    scripts = ["search-index.js", "search.js", "search.css"]
    if os.path.exists(os.path.join(site_dir, "northstar", "stem-en.js")):
        scripts.append("stem-en.js")
    theme = sum(os.path.getsize(os.path.join(site_dir, "northstar", f)) for f in scripts)
    for query in queries:
        for where, shown in (("header box", BOX), ("results page", PAGE)):
            site = Site(site_dir)
            hits = site.search(query)
            for doc, _ in hits[:shown]:
                site.json(f"d/{doc // 100}/{doc}.json")
            if where == "results page":
                site.json("facets.json")
            index = sum(site.loaded.values())
            docs = sum(v for k, v in site.loaded.items() if k.startswith("d/"))
            print(f"{query!r:24} {where:12} {len(hits):4} hits  index files {index / 1000:7.1f} kB "
                  f"(results {docs / 1000:.1f} kB)  + theme script {theme / 1000:.1f} kB")


if __name__ == "__main__":
    main()
