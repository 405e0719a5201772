"""Pages to articles: encodings, extraction without boilerplate, metadata, language."""

from __future__ import annotations

import codecs
from datetime import date

import pytest
from news_site import WEB, html_page

from attache.ingest.language import identify
from attache.ingest.web import (
    PageHints,
    WebPage,
    decode_html,
    extract_page,
    page_item,
    web_article_id,
)
from attache.model import Article

PAGE_URL = "http://127.0.0.1:8000/world/story.html?utm_source=rss"
STORY = (WEB / "story.txt").read_text(encoding="utf-8").strip()


def _page(html: str | bytes, url: str | None = PAGE_URL, content_type: str | None = None,
          hints: PageHints | None = None) -> WebPage:
    body = html.encode("utf-8") if isinstance(html, str) else html
    headers = (("Content-Type", content_type),) if content_type else ()
    return WebPage(url or "saved.html", body, url, headers, hints=hints or PageHints(),
                   fallback_id=None if url else "saved")


def _boilerplate_page() -> WebPage:
    return _page((WEB / "boilerplate-story.html").read_bytes())


# -- encodings ---------------------------------------------------------------------------

LATIN_TEXT = "Côte d’Ivoire’s president met Ghana’s “new” leader in Abidjan — officials said."


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (codecs.BOM_UTF8 + LATIN_TEXT.encode("utf-8"), "text/html; charset=iso-8859-1"),
        (LATIN_TEXT.encode("cp1252"), "text/html; charset=windows-1252"),
        (b'<meta charset="windows-1252">' + LATIN_TEXT.encode("cp1252"), "text/html"),
        (b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
         + LATIN_TEXT.encode("cp1252"), None),  # Latin-1 pages are read as Windows-1252
        (LATIN_TEXT.encode("utf-8"), None),
        (b'<meta charset="utf-16">' + LATIN_TEXT.encode("utf-8"), None),
    ],
    ids=["bom", "http-charset", "meta-charset", "http-equiv-latin1", "utf8-guess", "utf16-label"],
)
def test_the_encoding_is_found_as_a_browser_finds_it(body, content_type):
    assert LATIN_TEXT in decode_html(body, content_type)


def test_a_charset_the_bytes_are_not_in_gives_way_to_the_meta_charset():
    body = b'<meta charset="windows-1252">' + LATIN_TEXT.encode("cp1252")
    assert LATIN_TEXT in decode_html(body, "text/html; charset=utf-8")
    assert "\ufffd" in decode_html(LATIN_TEXT.encode("cp1252"), "text/html; charset=utf-8")


def test_undeclared_non_utf8_bytes_are_guessed():
    text = "Владимир Путин встретился с президентом Казахстана в Москве во вторник. " * 5
    assert decode_html(text.encode("cp1251")).strip() == text.strip()


def test_a_non_utf8_page_declared_in_a_meta_tag_codes_with_its_characters():
    html = html_page("Ivory Coast talks", [LATIN_TEXT, "The talks will go on next week."])
    body = html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    article = extract_page(_page(body)).article
    assert article.text.startswith(LATIN_TEXT)


# -- extraction --------------------------------------------------------------------------


def test_boilerplate_is_left_out_and_the_story_kept_with_its_metadata():
    extraction = extract_page(_boilerplate_page())
    article = extraction.article
    assert article.text == STORY
    for boilerplate in ("cookies", "Related stories", "Comments", "Sign up", "Subscribe",
                        "Most read", "All rights reserved", "Strait of Hormuz", "Photo:"):
        assert boilerplate not in article.text
    assert article.title == "Russian troops attack Ukrainian positions near Kharkiv"
    assert article.published == date(2023, 1, 16)  # published, not modified (17th)
    assert article.source == "The Daily Courier"
    canonical = "http://127.0.0.1:8000/world/2023/01/16/russian-troops-attack-kharkiv"
    assert article.url == canonical and article.id == web_article_id(canonical)
    assert extraction.author == "Maria Kovalenko"


def test_a_story_page_codes_to_the_same_events_as_its_plain_text(coder):
    """The issue's bar: realistic boilerplate (navigation, related stories, comments,
    cookie banner, footer) around a short story changes nothing the coder finds."""
    page_article = extract_page(_boilerplate_page()).article
    plain = Article("plain", STORY, published=page_article.published)

    def events(article):
        coded = coder.code_article(article)
        return [(e.source and e.source.code, e.cameo_code, e.target and e.target.code,
                 e.modality, e.evidence.text) for e in coded.events]

    from_page = events(page_article)
    assert from_page == events(plain)
    assert {"RUSMIL", "USA"} <= {source for source, *_ in from_page}  # it found the story


def test_the_feed_date_and_title_stand_in_when_the_page_has_none():
    html = "<html><body><div><p>" + "Iran closed the strait on Monday, officials said. " * 4
    hints = PageHints(title="Iran closes strait", published=date(2024, 3, 5), feed_url="f")
    article = extract_page(_page(html + "</p></div></body></html>", hints=hints)).article
    assert article.published == date(2024, 3, 5) and article.title == "Iran closes strait"


def test_the_page_date_wins_over_the_feed_date():
    html = html_page("Talks", ["Iran closed the strait on Monday. " * 4],
                     published="2023-05-01T10:00:00Z")
    hints = PageHints(published=date(2024, 3, 5))
    assert extract_page(_page(html, hints=hints)).article.published == date(2023, 5, 1)


def test_a_canonical_link_to_the_home_page_is_ignored():
    html = html_page("Talks", ["Iran closed the strait on Monday. " * 4],
                     extra_head='<link rel="canonical" href="http://127.0.0.1:8000/">')
    assert extract_page(_page(html)).article.url == PAGE_URL


def test_without_a_canonical_link_the_id_comes_from_the_final_url():
    html = html_page("Talks", ["Iran closed the strait on Monday. " * 4])
    article = extract_page(_page(html)).article
    assert article.url == PAGE_URL and article.id == web_article_id(PAGE_URL)
    assert article.source == "127.0.0.1:8000"  # no site name: the host


def test_a_saved_page_without_url_keeps_its_file_name_as_id():
    html = html_page("Talks", ["Iran closed the strait on Monday. " * 4])
    article = extract_page(_page(html, url=None)).article
    assert article.id == "saved" and article.url is None


@pytest.mark.parametrize(
    ("html", "content_type", "problem"),
    [
        ("<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
         None, "no main text"),
        ("", None, "not an HTML page"),
        ("%PDF-1.7 binary", "application/pdf", "content type is application/pdf"),
    ],
    ids=["navigation-only", "empty", "pdf"],
)
def test_a_page_without_a_story_is_e037(html, content_type, problem):
    item = page_item(_page(html, content_type=content_type))
    assert item.code == "E037" and problem in item.message and item.location == PAGE_URL


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    html = ('<?xml version="1.0" encoding="utf-8"?>\n'
            + html_page("Talks", ["Iran closed the strait on Monday, officials said. " * 3]))
    assert extract_page(_page(html, content_type="application/xhtml+xml")).article.text


# -- language ----------------------------------------------------------------------------


def test_a_page_in_indonesian_is_e038_not_coded_as_english():
    item = page_item(_page((WEB / "indonesian.html").read_bytes()))
    assert item.code == "E038" and "Language not supported" in item.message
    assert "'id'" in item.message or "'ms'" in item.message  # Indonesian (or close Malay)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (STORY, True),
        ("Le président français a rencontré le chancelier allemand à Berlin mardi pour "
         "parler de la guerre en Ukraine et des sanctions contre la Russie.", False),
        ("NATO, UN and EU officials met in Brussels on Monday. Putin, Zelensky and Erdogan "
         "were not there; Macron and Scholz sent their envoys.", True),
    ],
    ids=["english", "french", "names"],
)
def test_the_language_identifier(text, english):
    assert identify(text).is_english is english


def test_a_short_text_is_not_judged():
    assert identify("Russia said.") is None
