"""The WARC archive of fetched pages, and saved pages and archives in ``attache ingest``."""

from __future__ import annotations

import gzip
from datetime import date

from news_site import WEB, html_page

from attache.ingest import read_inputs
from attache.ingest.archive import WebArchive, archived_pages, read_archive, read_html_file
from attache.ingest.web import PageHints, WebPage, page_item
from attache.model import Rejection

STORY_PARAGRAPHS = ["Iran closed the Strait of Hormuz to foreign tankers on Monday.",
                    "The United States condemned the move, officials said."]


def _fetched(path: str, *, title="Strait closed", hints=None, charset="utf-8"):
    html = html_page(title, STORY_PARAGRAPHS)
    if charset != "utf-8":
        html = html.replace('charset="utf-8"', f'charset="{charset}"')
    return WebPage(
        location=f"http://127.0.0.1:8000{path}?from=feed",
        body=html.encode("cp1252" if charset != "utf-8" else "utf-8"),
        final_url=f"http://127.0.0.1:8000{path}",
        headers=(("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                 ("Content-Length", "123"), ("ETag", '"e1"')),
        fetched_at="2024-05-01T10:00:00+00:00",
        hints=hints or PageHints(),
    )


def test_pages_go_into_a_warc_and_come_back_the_same(tmp_path):
    pages = [
        _fetched("/a.html", hints=PageHints("Détroit fermé — “quote”", date(2024, 4, 30),
                                            "http://127.0.0.1:8000/feed.xml")),
        _fetched("/b.html", charset="windows-1252"),
    ]
    with WebArchive(tmp_path / "archive") as archive:
        for page in pages:
            archive.save(page)
    assert archive.path.name.startswith("attache-") and archive.path.suffixes[-2:] == [
        ".warc", ".gz"]
    back = list(archived_pages(archive.path))
    assert [page.body for page in back] == [page.body for page in pages]
    assert [page.location for page in back] == [page.location for page in pages]
    assert [page.final_url for page in back] == [page.final_url for page in pages]
    assert back[0].hints == pages[0].hints and back[1].hints == PageHints()
    assert back[0].fetched_at == "2024-05-01T10:00:00Z"
    headers = dict(back[0].headers)
    assert headers["ETag"] == '"e1"' and "Content-Encoding" not in headers
    assert headers["Content-Length"] == str(len(pages[0].body))
    assert [page_item(page) for page in back] == [page_item(page) for page in pages]


def test_an_archive_cut_short_by_a_kill_gives_its_whole_pages(tmp_path):
    with WebArchive(tmp_path) as archive:
        for name in ("/a.html", "/b.html"):
            archive.save(_fetched(name))
    data = archive.path.read_bytes()
    members = data.split(b"\x1f\x8b\x08")  # each record is its own gzip member
    assert len(members) == 3
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - len(members[-1]) // 2])
    assert [item.url for item in read_archive(cut)] == ["http://127.0.0.1:8000/a.html"]


def test_a_file_that_is_not_an_archive_is_e013(tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(gzip.compress(b"this is no WARC record\r\n\r\n" * 3))
    (rejection,) = read_archive(junk)
    assert rejection.code == "E013" and rejection.location == str(junk)


def test_a_saved_html_file_is_read_like_a_fetched_page(tmp_path):
    saved = tmp_path / "kharkiv.html"
    saved.write_bytes((WEB / "boilerplate-story.html").read_bytes())
    plain = tmp_path / "plain.htm"
    plain.write_text(html_page("Strait", STORY_PARAGRAPHS), encoding="utf-8")
    (article,) = read_html_file(saved)
    (other,) = read_html_file(plain)
    assert article.text == (WEB / "story.txt").read_text(encoding="utf-8").strip()
    # a saved page has no address of its own: a relative canonical link cannot be resolved
    assert article.id == "kharkiv" and article.url is None
    assert article.source == "The Daily Courier" and article.published == date(2023, 1, 16)
    assert other.id == "plain" and other.url is None
    (too_big,) = read_html_file(saved, max_bytes=1000)
    assert too_big.code == "E033" and too_big.article_id == "kharkiv"
    (missing,) = read_html_file(tmp_path / "gone.html")
    assert missing.code == "E013"


def test_ingest_reads_html_files_and_archives_in_a_folder(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a.html").write_text(html_page("Strait", STORY_PARAGRAPHS), encoding="utf-8")
    (folder / "b.HTM").write_bytes((WEB / "indonesian.html").read_bytes())
    (folder / "c.txt").write_text("Russia condemned the attack.", encoding="utf-8")
    (folder / "ignored.json").write_text("{}", encoding="utf-8")
    with WebArchive(folder) as archive:
        archive.save(_fetched("/archived.html"))
    with gzip.open(folder / "not-an-archive.gz", "wb") as handle:
        handle.write(b"ignored: not a known suffix")
    items = list(read_inputs([folder]))  # sorted by name: a, attache-..., b, c
    kinds = [(item.code if isinstance(item, Rejection) else item.id) for item in items]
    assert kinds == ["a", items[1].id, "E038", "inputs/c.txt"]
    assert items[1].url == "http://127.0.0.1:8000/archived.html"
