"""Dashboard speed: a busy dyad's page in headless Chromium on a store of 100,000 events.

Builds a store of ``--rows`` synthetic events with ``benchmarks/synthetic_events.py`` (or
reuses ``--store`` when it exists), starts the real ``attache serve`` over it on a loopback
port, and measures in Debian's headless Chromium (driven by Playwright) for the busiest
dyad of two different countries, both directions:

* ``page_s``: from navigation to the dyad page until its load event has fired and both the
  chart and the first row of its event list are visible;
* ``api_series_s`` (the baseline, same browser, same run): fetching the same dyad's monthly
  series from ``/api/series`` and parsing the JSON, the data behind the chart alone;
* ``html_s``: the server's time to answer the page's HTML (urllib, no browser), to tell the
  server's share from the browser's.

Each is measured ``--runs`` times after one untimed warm-up; medians are reported.

    .venv/bin/python benchmarks/dashboard_speed.py --store benchmarks/out/d100k.sqlite

Prints a JSON object and a small table. The bar: ``page_s`` under 2 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from attache.query import dyad_series, top_dyads
from attache.store import open_store

BAR_SECONDS = 2.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def build_store(path: Path, rows: int) -> None:
    """``rows`` synthetic events into a new store at ``path`` (Parquet copy beside it)."""
    import synthetic_events  # benchmarks/ is on sys.path when this file runs as a script

    parquet = path.with_suffix(".parquet")
    code = synthetic_events.main(
        ["--rows", str(rows), "--out", str(parquet), "--sqlite", str(path)]
    )
    if code:
        raise SystemExit(code)


def busy_dyad(path: Path) -> dict:
    """The busiest directed dyad whose two actors are of different countries, with the
    events its page shows (the codes as prefixes, both directions)."""
    with open_store(path, read_only=True) as store:
        dyads = top_dyads(store, limit=50)
        events = store.read("SELECT count(*) AS n FROM events")[0]["n"]
        dyad = next(d for d in dyads if d["source"][:3] != d["target"][:3])
        series = dyad_series(store, dyad["source"], dyad["target"], both_directions=True)
    return {**dyad, "store_events": events, "page_events": sum(r["events"] for r in series)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(path: Path) -> tuple[str, subprocess.Popen]:
    """Start ``attache serve`` and wait for ``/api/health``."""
    port = free_port()
    command = Path(sys.executable).with_name("attache")
    process = subprocess.Popen(
        [str(command), "serve", "--db", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"attache serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2):
                return url, process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("attache serve did not start within 60 s")


def measure(url: str, dyad: dict, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    query = f"a={dyad['source']}&b={dyad['target']}"
    page_url = f"{url}/dyad?{query}&both=1"
    api_url = f"/api/series?{query}&both_directions=true"
    times: dict[str, list[float]] = {"page_s": [], "api_series_s": [], "html_s": []}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        page = context.new_page()
        for run in range(runs + 1):
            started = time.perf_counter()
            page.goto(page_url, wait_until="load")
            page.locator("#dyad-chart svg").wait_for(state="visible")
            page.locator("#dyad-events tr.event").first.wait_for(state="visible")
            page_s = time.perf_counter() - started
            api_s = page.evaluate(
                """async url => { const t = performance.now();
                   const rows = await (await fetch(url)).json();
                   if (!Array.isArray(rows.items)) throw new Error('no series');
                   return (performance.now() - t) / 1000; }""",
                api_url,
            )
            started = time.perf_counter()
            with urllib.request.urlopen(page_url) as response:
                response.read()
            html_s = time.perf_counter() - started
            if run:  # the first run warms caches and is not counted
                times["page_s"].append(page_s)
                times["api_series_s"].append(api_s)
                times["html_s"].append(html_s)
        bars = page.locator("#dyad-chart a.bar").count()
        rows = page.locator("#dyad-events tr.event").count()
        html_bytes = len(page.content().encode())
        context.close()
    return {**times, "bars": bars, "event_rows": rows, "html_bytes": html_bytes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("benchmarks/out/d100k.sqlite"),
                        help="the store to use; built when missing")  # fmt: skip
    parser.add_argument("--rows", type=int, default=100_000,
                        help="events of a store built here (default 100,000)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="timed loads (default 5)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)",
              file=sys.stderr)  # fmt: skip
        return 1
    built_s = None
    if not args.store.exists():
        started = time.perf_counter()
        build_store(args.store, args.rows)
        built_s = round(time.perf_counter() - started, 2)
    dyad = busy_dyad(args.store)
    url, process = serve(args.store)
    try:
        measured = measure(url, dyad, args.runs)
    finally:
        process.terminate()
        process.wait(timeout=10)
    medians = {
        name: round(statistics.median(measured[name]), 4)
        for name in ("page_s", "api_series_s", "html_s")
    }
    result = {
        "store": str(args.store),
        "store_events": dyad["store_events"],
        "store_built_s": built_s,
        "dyad": f"{dyad['source']} <-> {dyad['target']}",
        "dyad_events": dyad["page_events"],
        "runs": args.runs,
        "median": medians,
        "all": {name: [round(v, 4) for v in measured[name]]
                for name in ("page_s", "api_series_s", "html_s")},  # fmt: skip
        "bars": measured["bars"],
        "event_rows": measured["event_rows"],
        "html_bytes": measured["html_bytes"],
        "bar_seconds": BAR_SECONDS,
        "within_bar": medians["page_s"] < BAR_SECONDS,
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    print(json.dumps(result, indent=2))
    print()
    print(f"dyad page {result['dyad']} (both directions, {result['dyad_events']:,} events) "
          f"on a store of {result['store_events']:,} events, median of {args.runs}")  # fmt: skip
    print(f"{'measure':<44} {'seconds':>8}")
    print(f"{'page: navigation -> chart + events visible':<44} {medians['page_s']:>8.3f}")
    print(f"{'baseline: /api/series fetch + JSON':<44} {medians['api_series_s']:>8.3f}")
    print(f"{'server: page HTML answered (no browser)':<44} {medians['html_s']:>8.3f}")
    print(f"bar: page < {BAR_SECONDS} s: {'yes' if result['within_bar'] else 'NO'}")
    return 0 if result["within_bar"] else 1


if __name__ == "__main__":
    sys.exit(main())
