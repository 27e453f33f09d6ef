#!/usr/bin/env python3
"""Northstar's search against Pagefind's on the relevance handbook (tests/fixtures/relevance),
the same queries (its queries.tsv), side by side in headless Chromium: the rank of each
expected page among the first 8 results, the bytes each query transfers, and the time to
build each index.

    bench/pagefind.py [NORTHSTAR_BINARY]      (default target/quick-release/northstar)

Needs `pip install 'pagefind[bin]'` (run as `python3 -m pagefind`), /usr/bin/chromium and
/usr/bin/chromedriver. The site is built once by Northstar; Pagefind indexes that built site,
each page's article only (`data-pagefind-body` is added to it, as a handbook adopting Pagefind
would, so that the sidebar's titles do not match every query), with its defaults otherwise.
Each query runs on a freshly loaded page with the browser cache off, through each tool's
own script (NorthstarSearch.Index, the box's code; pagefind.js's search()), and loads the
first 8 results as the box shows them. Bytes are the bodies of the search files fetched
(index files, the search scripts, and Pagefind's WebAssembly), uncompressed, as
python's http.server sends them, counted by the server (Pagefind fetches from a web worker,
which the page's own resource timing does not see). Index build time: Northstar's whole build with search on and
with search off (best of 5 each; on a handbook this small the index is within the noise),
and Pagefind's indexing of the built site (best of 5).
"""
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HANDBOOK = os.path.join(ROOT, "tests", "fixtures", "relevance")
SHOWN = 8


def queries():
    with open(os.path.join(HANDBOOK, "queries.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    return [(q, page, kind) for q, page, kind in rows]


def best_time(command, runs=5):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return best


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """The few WebDriver commands this needs, over chromedriver's HTTP API."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        }}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)["value"]

    def session_call(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def goto(self, url):
        self.session_call("POST", "/url", {"url": url})

    def run_async(self, script, *args):
        return self.session_call("POST", "/execute/async", {"script": script, "args": list(args)})

    def cdp(self, cmd, params):
        return self.session_call("POST", "/goog/cdp/execute", {"cmd": cmd, "params": params})

    def quit(self):
        self.call("DELETE", f"/session/{self.session}")


NORTHSTAR_QUERY = """
const [query, shown, done] = arguments;
const lib = window.NorthstarSearch;
const index = new lib.Index(document.querySelector('.site-search').getAttribute('data-search-root') || '');
index.search(query).then(hits => lib.loadDocs(index, hits.slice(0, shown)))
  .then(docs => done(docs.map(d => d.u)), e => done('error: ' + e));
"""

PAGEFIND_QUERY = """
const [query, shown, done] = arguments;
import('/site/pagefind/pagefind.js').then(async pf => {
  const found = await pf.search(query);
  const data = await Promise.all(found.results.slice(0, shown).map(r => r.data()));
  done(data.map(d => d.url.replace(/^\\/site\\//, '')));
}).catch(e => done('error: ' + e));
"""

def run_queries(driver, url, script, parts):
    rows = []
    for query, expected, kind in queries():
        QuietHandler.served.clear()
        driver.goto(url)
        found = driver.run_async(script, query, SHOWN)
        if isinstance(found, str):
            raise SystemExit(f"{query!r}: {found}")
        spent = sum(size for path, size in QuietHandler.served if any(p in path for p in parts))
        pages = [p.split("#")[0].lstrip("/") for p in found]
        rank = pages.index(expected) + 1 if expected in pages else None
        rows.append((query, kind, rank, spent))
    return rows


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "quick-release", "northstar")
    work = tempfile.mkdtemp(prefix="northstar-pagefind-")
    site = os.path.join(work, "site")
    handbook = os.path.join(work, "handbook")
    shutil.copytree(HANDBOOK, handbook)
    off = os.path.join(work, "off")
    shutil.copytree(HANDBOOK, off)
    with open(os.path.join(off, "northstar.yaml"), "a", encoding="utf-8") as f:
        f.write("search: {enabled: false}\n")
    build = [binary, "--quiet", "--root", handbook, "build", "--output", site]
    on_time = best_time(build)
    off_time = best_time([binary, "--quiet", "--root", off, "build", "--output", os.path.join(work, "site-off")])
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    html = f.read()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(html.replace('<article class="doc', '<article data-pagefind-body class="doc', 1))
    pagefind = [sys.executable, "-m", "pagefind", "--site", site]
    pagefind_time = best_time(pagefind)

    served = os.path.join(work, "served")
    os.makedirs(served)
    os.symlink(site, os.path.join(served, "site"))
    handler = functools.partial(QuietHandler, directory=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    chromedriver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        driver = WebDriver(port)
        driver.cdp("Network.enable", {})
        driver.cdp("Network.setCacheDisabled", {"cacheDisabled": True})
        url = f"http://127.0.0.1:{server.server_address[1]}/site/index.html"
        ours = run_queries(driver, url, NORTHSTAR_QUERY,
                           ["/site/search/", "northstar/search", "northstar/stem-"])
        theirs = run_queries(driver, url, PAGEFIND_QUERY, ["/site/pagefind/"])
        driver.quit()
    finally:
        chromedriver.terminate()
        server.shutdown()
    report(ours, theirs, (on_time, off_time), pagefind_time)
    shutil.rmtree(work)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly, noting the path and size of every file it sends."""

    served = []

    def do_GET(self):
        path = self.translate_path(self.path)
        super().do_GET()
        if os.path.isfile(path):
            QuietHandler.served.append((self.path, os.path.getsize(path)))

    def log_message(self, *args):
        pass


def report(ours, theirs, ours_time, theirs_time):
    def mrr(rows):
        return sum(1 / r[2] for r in rows if r[2]) / len(rows)

    def top5(rows):
        return sum(1 for r in rows if r[2] and r[2] <= 5)

    rank = lambda r: str(r) if r else "–"
    print("| query | kind | Northstar rank | Pagefind rank | Northstar kB | Pagefind kB |")
    print("|---|---|---|---|---|---|")
    for (q, kind, r1, b1), (_, _, r2, b2) in zip(ours, theirs):
        print(f"| `{q}` | {kind} | {rank(r1)} | {rank(r2)} | {b1 / 1000:.1f} | {b2 / 1000:.1f} |")
    n = len(ours)
    mean = lambda rows: sum(r[3] for r in rows) / len(rows) / 1000
    print()
    print("| | Northstar | Pagefind |")
    print("|---|---|---|")
    print(f"| expected page in the top 5 | {top5(ours)} of {n} | {top5(theirs)} of {n} |")
    print(f"| mean reciprocal rank | {mrr(ours):.3f} | {mrr(theirs):.3f} |")
    print(f"| kB per query, mean (first query of a fresh page) | {mean(ours):.1f} | {mean(theirs):.1f} |")
    on, off = ours_time
    print(f"| index build time | within the whole build: {on * 1000:.0f} ms, {off * 1000:.0f} ms with search off "
          f"| {theirs_time * 1000:.0f} ms (`pagefind --site`, after the build) |")


if __name__ == "__main__":
    main()
