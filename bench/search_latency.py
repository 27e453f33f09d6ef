#!/usr/bin/env python3
"""Time from a keystroke in the header search box to the results on screen, in headless
Chromium driven over WebDriver (chromedriver), on a built site served on 127.0.0.1.

    bench/search_latency.py SITE [PAGE]      e.g. SITE=/tmp/northstar-bench/search-10000/out-on

Types "cloud strategy" one character at a time (each keystroke an `input` event, as typing
makes) and prints the milliseconds until the result list changed, the first query (which
loads the manifest) apart. Needs chromium and chromium-driver (apt), python3 only.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

QUERY = "cloud strategy"

# Runs in the page: types QUERY and resolves with each keystroke's time to the next results.
SCRIPT = """
const done = arguments[arguments.length - 1];
const query = arguments[0];
const input = document.getElementById('site-search-input');
const list = document.querySelector('.search-results');
const times = [];
(async () => {
  for (let n = 1; n <= query.length; n++) {
    const typed = query.slice(0, n);
    const changed = new Promise(resolve => {
      const seen = new MutationObserver(() => { seen.disconnect(); resolve(); });
      seen.observe(list, {childList: true});
      setTimeout(() => { seen.disconnect(); resolve(); }, 2000);
    });
    const start = performance.now();
    input.value = typed;
    input.dispatchEvent(new Event('input'));
    if (typed.trim().length >= 2) { await changed; times.push([typed, performance.now() - start]); }
  }
  done(times);
})();
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def call(driver, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{driver}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["value"]


def main():
    site = sys.argv[1]
    page = sys.argv[2] if len(sys.argv) > 2 else "index.html"
    web, driver = free_port(), free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(web),
                               "--directory", site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    chromedriver = subprocess.Popen(["chromedriver", f"--port={driver}"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(web)
        wait_for(driver)
        with tempfile.TemporaryDirectory() as profile:
            args = ["--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}"]
            session = call(driver, "POST", "/session", {"capabilities": {"alwaysMatch": {
                "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
            base = f"/session/{session}"
            call(driver, "POST", base + "/timeouts", {"script": 60000})
            call(driver, "POST", base + "/url", {"url": f"http://127.0.0.1:{web}/{page}"})
            for attempt in ("first visit", "again, index files cached"):
                times = call(driver, "POST", base + "/execute/async", {"script": SCRIPT, "args": [QUERY]})
                shown = ", ".join(f"{q!r} {ms:.0f}" for q, ms in times)
                later = [ms for _, ms in times[1:]]
                print(f"{attempt}: {shown} (ms); after the first query: max {max(later):.0f} ms, "
                      f"median {sorted(later)[len(later) // 2]:.0f} ms")
                call(driver, "POST", base + "/execute/sync",
                     {"script": "document.getElementById('site-search-input').value = ''; return 0", "args": []})
            call(driver, "DELETE", base)
    finally:
        chromedriver.kill()
        server.kill()


if __name__ == "__main__":
    main()
