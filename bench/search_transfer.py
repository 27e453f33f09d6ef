#!/usr/bin/env python3
"""Bytes a browser transfers for search queries on a built site, following the same steps
as themes/default/static/northstar/search-index.js: the manifest, one shard per word, one file
per result shown (8 in the header box; the first 10 and facets.json on the results page).

    bench/search_transfer.py SITE "query" ["query" …]

Prints one line per query and where, with the bytes of each kind of file. Files are
counted uncompressed, as a server without compression sends them; the theme's script
and stylesheet (search-index.js, search.js, search.css) are counted once, as on a first query.
"""
import json
import os
import re
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
            best = {}
            for term, postings in self.shard(word).items():
                if not term.startswith(word):
                    continue
                factor = 1 if term == word else 0.8
                for i in range(0, len(postings), 3):
                    doc, score = postings[i], postings[i + 2] * factor
                    best[doc] = max(best.get(doc, 0), score)
            if total is None:
                total = best
            else:
                total = {d: s + best[d] for d, s in total.items() if d in best}
        return sorted((total or {}).items(), key=lambda kv: (-kv[1], kv[0]))


def main():
    site_dir, queries = sys.argv[1], sys.argv[2:]
    theme = sum(os.path.getsize(os.path.join(site_dir, "northstar", f))
                for f in ("search-index.js", "search.js", "search.css"))
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
