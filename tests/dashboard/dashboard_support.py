"""What the dashboard's browser tests share: the data they put in the store, starting and
stopping the real ``attache serve``, and where Chromium is."""

from __future__ import annotations

import importlib.util
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from attache.model import Article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
INSTALL_HINT = (
    "Debian's chromium is needed for the dashboard's browser tests and is missing at "
    f"{CHROMIUM}. Install it with `make browser` (scripts/install_browser.sh, as root: "
    "apt-get update && apt-get install -y chromium)."
)

CHART_SOURCE, CHART_TARGET = "AAAGOV", "BBBGOV"
CHART_MONTHS = {  # month -> events of quad class 1, 2, 3, 4
    "2021-01": (4, 1, 1, 1),
    "2021-02": (3, 0, 2, 2),
    "2021-03": (3, 1, 0, 3),
    "2021-04": (2, 0, 1, 1),
}
"""The chart dyad: totals by quad class 12, 2, 4, 7, so the bars' colour areas are ordered
quad 1 > quad 4 > quad 3 > quad 2."""
QUAD_CAMEO = {1: ("010", "011", "012", "013"), 2: ("070",), 3: ("111", "112"),
              4: ("190", "191", "192")}  # fmt: skip
"""CAMEO codes of each quad class (as ``build_coded`` reads them): the events of a month
each get a code of their own, so none is taken for another report of the same event."""
NEWS = ("The talks ran late into the night.", "Observers called the meeting tense.",
        "Trade was also on the agenda.", "A joint statement followed on Friday.")  # fmt: skip

PAYLOAD = "<script>window.__attachePwned = true; alert('xss')</script>"
XSS_ARTICLE = Article(
    "xss/<payload>",
    f"Aaaland officials {PAYLOAD} met Bbbland envoys. <img src=x onerror=\"alert('img')\"> "
    "The ministry said so.",
    title=f"{PAYLOAD} Payload title",
    published=date(2021, 5, 3),
    source="<i>Wire</i>",
    url="javascript:alert('url')",
)
"""Markup in every field; the payload sets a window flag, so running it would show."""


def shared_conftest():
    """tests/conftest.py as a module (``import conftest`` would find this file instead)."""
    path = Path(__file__).resolve().parent.parent / "conftest.py"
    spec = importlib.util.spec_from_file_location("attache_tests_conftest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chart_articles(build_coded) -> list:
    """One article a month of the chart dyad, with the events of :data:`CHART_MONTHS`."""
    articles = []
    for month, quads in CHART_MONTHS.items():
        events = [
            (CHART_SOURCE, QUAD_CAMEO[quad][index], CHART_TARGET, "asserted")
            for quad, count in zip((1, 2, 3, 4), quads, strict=True)
            for index in range(count)
        ]
        number = int(month[5:])
        text = (
            f"Aaaland officials met Bbbland envoys in month {number} in Zedcity on Monday. "
            f"{NEWS[number - 1]} Both sides signed the accord, the ministry said."
        )
        articles.append(build_coded(f"chart-{month}", text, date.fromisoformat(f"{month}-10"),
                                    events=events, title=f"Chart dyad {month}"))  # fmt: skip
    return articles


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"attache serve exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"attache serve did not answer at {url} within {timeout} s")


def serve(db: Path) -> tuple[str, subprocess.Popen]:
    """Start ``attache serve --db DB`` on a free loopback port; returns (base URL, process)."""
    port = free_port()
    command = Path(sys.executable).with_name("attache")
    process = subprocess.Popen(
        [str(command), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # a full pipe would block it
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
    except BaseException:
        stop(process)
        raise
    return url, process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
