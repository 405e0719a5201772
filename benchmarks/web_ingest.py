"""Live news in: what fetching and extracting a page cost next to coding it.

Serves ``--pages`` copies of a news page with heavy boilerplate (the fixture
``tests/data/web/boilerplate-story.html``, each copy with its own story number) and an RSS
feed listing them from ``http.server`` on 127.0.0.1, then times, in one run:

* ``fetch_s``: downloading every page with :class:`attache.ingest.fetch.PoliteClient`
  (``delay=0``: the politeness wait is a setting, not a cost);
* ``extract_s``: :func:`attache.ingest.web.extract_page` on every page (encoding,
  trafilatura, htmldate, py3langid), after one untimed page that loads the language model;
* ``code_s`` (the baseline): the real coder on the extracted articles;
* ``first_pass_s`` / ``second_pass_s``: :func:`attache.ingest.live.poll_feeds` over the
  feed into a new store, twice; the second pass asks only "changed since?".

    .venv/bin/python benchmarks/web_ingest.py --pages 50

Prints a JSON object and a small table of each time per page and as a share of ``code_s``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from attache.ingest.fetch import FetchSettings, PoliteClient
from attache.ingest.live import poll_feeds
from attache.ingest.web import WebPage, extract_page
from attache.pipeline import Coder
from attache.store import open_store

PAGE = Path(__file__).resolve().parent.parent / "tests" / "data" / "web" / "boilerplate-story.html"


def serve(pages: int) -> tuple[ThreadingHTTPServer, list[str], str]:
    template = PAGE.read_text(encoding="utf-8")
    bodies = {f"/news/{n}.html": template.replace("near Kharkiv on Monday",
                                                  f"near village {n} on Monday")
              .replace("/world/2023/01/16/russian-troops-attack-kharkiv", f"/news/{n}.html")
              .encode() for n in range(pages)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = bodies.get(self.path)
            if self.path == "/feed.xml":
                body = feed
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == '"1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(f"<item><title>{n}</title><link>{origin}{path}</link></item>"
                    for n, path in enumerate(bodies))
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>{items}'
            "</channel></rss>").encode()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, [origin + path for path in bodies], origin + "/feed.xml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args(argv)
    server, urls, feed = serve(args.pages)
    settings = FetchSettings(delay=0.0)
    coder = Coder()
    with PoliteClient(settings) as client:
        started = time.perf_counter()
        responses = [client.get(url) for url in urls]
        fetch_s = time.perf_counter() - started
    pages = [WebPage(r.url, r.body, r.final_url, r.headers) for r in responses]
    extract_page(pages[0])  # loads py3langid's model
    started = time.perf_counter()
    articles = [extract_page(page).article for page in pages]
    extract_s = time.perf_counter() - started
    started = time.perf_counter()
    events = sum(len(coder.code_article(article).events) for article in articles)
    code_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "b.sqlite") as store:
        passes = []
        for _ in range(2):
            started = time.perf_counter()
            report = poll_feeds(store, [feed], coder, settings=settings)
            passes.append((time.perf_counter() - started, report.articles.inserted))
    server.shutdown()
    result = {
        "pages": args.pages, "events": events, "fetch_s": round(fetch_s, 3),
        "extract_s": round(extract_s, 3), "code_s": round(code_s, 3),
        "first_pass_s": round(passes[0][0], 3), "first_pass_inserted": passes[0][1],
        "second_pass_s": round(passes[1][0], 3), "second_pass_inserted": passes[1][1],
    }
    print(json.dumps(result, indent=2))
    print(f"\n{'step':<14}{'ms/page':>10}{'x code':>10}")
    for name in ("fetch_s", "extract_s", "code_s", "first_pass_s", "second_pass_s"):
        print(f"{name:<14}{1000 * result[name] / args.pages:>10.1f}"
              f"{result[name] / code_s:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
