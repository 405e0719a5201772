"""Web pages to articles: decode, extract the story, check its language.

A :class:`WebPage` is what came over HTTP (or out of a saved ``.html`` file or a WARC
archive, see :mod:`attache.ingest.archive`): bytes, headers, where they came from, and what
a feed said about them. The same function, :func:`extract_page`, turns each into an
:class:`~attache.model.Article`, so a page fetched live, saved by a browser or re-read from
``--archive`` codes alike:

* the encoding is found as browsers do (byte-order mark, HTTP charset, ``<meta>`` charset,
  then a guess by charset-normalizer);
* trafilatura extracts the main text, title, author, canonical URL and site name, leaving
  out menus, related links, cookie banners, comments and footers; htmldate (through
  trafilatura) finds the publication date, else the feed's date is used;
* the text keeps one paragraph per blank-line-separated block, as text inputs have it, and
  a first paragraph that repeats the title is dropped (the title is kept apart);
* a page that py3langid finds is not English is rejected (E038), not coded as English.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml.etree import LxmlError

from attache.errors import AttacheError, ErrorCode, WebError
from attache.ingest.articles import DEFAULT_MAX_CHARS, new_article
from attache.ingest.language import identify
from attache.model import Article, Rejection

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})
"""Content types taken to be a page (a missing one too: many servers omit it)."""

META_SCAN_BYTES = 4096
"""How far into a page a ``<meta charset>`` is looked for (browsers look at 1024 bytes;
some pages put theirs a little later)."""

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

_WHATWG_LABELS = {
    # Labels browsers read as another encoding (WHATWG Encoding Standard): Latin-1 and
    # ASCII pages are really Windows-1252 (curly quotes at 0x91-0x94); a UTF-16 label in
    # a byte-oriented page means UTF-8.
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}

_SENTENCE_END = re.compile(r"\w[.!?]['\"’”)]*(?:\s|$)")
"""A word ending a sentence: extracted text without one is a menu or a list of links,
not a story (the coder codes sentences)."""

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))

DATE_OPTIONS = {"extensive_search": False, "original_date": True}
"""htmldate options: the first publication date from the page's markup and URL, never a
guess from dates mentioned in the story's text."""


@dataclass(frozen=True)
class PageHints:
    """What a feed said about the page of one of its entries, used where the page is
    silent: its ``title`` and ``published`` date, and the feed it came from."""

    title: str | None = None
    published: date | None = None
    feed_url: str | None = None


@dataclass(frozen=True)
class WebPage:
    """A page as received. ``location`` is the URL asked for (or the file read) and names
    the page in rejections; ``final_url`` is where it was fetched from after redirects
    (``None`` for a local file); ``fallback_id`` is the article id when the page has
    neither URL nor canonical link (a local file's name)."""

    location: str
    body: bytes
    final_url: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    fetched_at: str | None = None
    hints: PageHints = field(default_factory=PageHints)
    fallback_id: str | None = None

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def web_article_id(url: str) -> str:
    """The id of the article at ``url`` (its canonical URL): ``web:`` + 16 hex digits."""
    return "web:" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def text_hash(text: str) -> str:
    """SHA-256 of an article's text: equal hashes mean the same story text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _content_type(value: str | None) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header."""
    if not value:
        return "", None
    media, *parameters = value.split(";")
    charset = None
    for parameter in parameters:
        name, _, setting = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = setting.strip().strip("\"'") or None
    return media.strip().lower(), charset


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, or ``None`` for an unknown one."""
    if not label:
        return None
    label = _WHATWG_LABELS.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page as a browser would: a byte-order mark, else the HTTP charset, else a
    ``<meta charset>`` or ``http-equiv`` declaration near the top, else UTF-8 when the
    bytes are valid UTF-8, else charset-normalizer's guess. A declared encoding the bytes
    are not valid in gives way to the next declaration (a server saying UTF-8 of a page
    whose ``<meta>`` rightly says Windows-1252); bytes no candidate decodes become U+FFFD
    rather than failing the page."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace")
    meta = _META_CHARSET.search(body[:META_SCAN_BYTES])
    declared = [codec for codec in (_codec(_content_type(content_type)[1]),
                                    _codec(meta.group(1).decode("ascii")) if meta else None)
                if codec is not None]
    for encoding in dict.fromkeys([*declared, "utf-8"]):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    if declared:
        return body.decode(declared[0], errors="replace")
    from charset_normalizer import from_bytes

    guess = from_bytes(body[:200_000]).best()
    return body.decode(guess.encoding if guess else "cp1252", errors="replace")


def _canonical(found: str | None, page_url: str | None) -> str | None:
    """The page's own URL: its canonical link made absolute (not one naming the site's
    home page for a deeper page, a common misconfiguration), else the URL it came from;
    without the fragment."""
    url = page_url
    if found:
        candidate = urljoin(page_url or "", found)
        parts = urlsplit(candidate)
        deeper = page_url is not None and urlsplit(page_url).path.strip("/") != ""
        if parts.scheme in ("http", "https") and not (deeper and not parts.path.strip("/")):
            url = candidate
    if url is None:
        return None
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _declared_url(tree) -> str | None:
    """The page's canonical link, else its ``og:url``, as written (maybe relative)."""
    for element in tree.iterfind(".//head//link[@href]"):
        if "canonical" in (element.get("rel") or "").lower().split():
            return element.get("href").strip() or None
    for element in tree.iterfind(".//head//meta[@content]"):
        if (element.get("property") or "").lower() == "og:url":
            return element.get("content").strip() or None
    return None


def _paragraphs(text: str, title: str | None) -> str:
    """One paragraph per blank-line-separated block (how the coder splits text), inner
    whitespace collapsed, and without a first paragraph that only repeats the title."""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if paragraphs and title and paragraphs[0].casefold() == " ".join(title.split()).casefold():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Extraction:
    """A page's article, and its author (the article record has no place for one)."""

    article: Article
    author: str | None = None


def extract_page(page: WebPage, max_chars: int = DEFAULT_MAX_CHARS) -> Extraction:
    """The article in ``page`` and its author; raises E037 (not a page, or no main text),
    E038 (not English) or the article checks' errors (E003, E005, E006)."""
    import trafilatura

    media_type, _ = _content_type(page.header("Content-Type"))
    if media_type not in HTML_TYPES:
        raise WebError(ErrorCode.E037, url=page.location,
                       problem=f"its content type is {media_type}, not a web page")
    try:
        tree = trafilatura.load_html(decode_html(page.body, page.header("Content-Type")))
        if tree is None:
            raise WebError(ErrorCode.E037, url=page.location, problem="it is not an HTML page")
        url = _canonical(_declared_url(tree), page.final_url)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params=DATE_OPTIONS,
        )
    except (ValueError, LxmlError) as error:  # markup lxml cannot build a tree from
        raise WebError(ErrorCode.E037, url=page.location,
                       problem=f"the page cannot be parsed ({error})") from error
    title = (document.title if document else None) or page.hints.title
    text = _paragraphs(document.text or "", title) if document else ""
    if not _SENTENCE_END.search(text):
        raise WebError(ErrorCode.E037, url=page.location,
                       problem="no main text was found (a list, a form or an empty page?)")
    language = identify(text)
    if language is not None and not language.is_english:
        raise WebError(ErrorCode.E038, url=page.location, language=language.code,
                       probability=language.probability)
    published = date.fromisoformat(document.date) if document.date else page.hints.published
    article = new_article(
        text,
        article_id=web_article_id(url) if url else page.fallback_id,
        title=title,
        published=published,
        source=document.sitename,  # og:site_name and the like, else the URL's host
        url=url,
        max_chars=max_chars,
    )
    return Extraction(article, document.author or None)


def extraction_item(page: WebPage, max_chars: int = DEFAULT_MAX_CHARS) -> Extraction | Rejection:
    """:func:`extract_page`, or a Rejection located at the page when it fails."""
    try:
        return extract_page(page, max_chars)
    except AttacheError as error:
        return Rejection(page.fallback_id, error.code.name, error.message, page.location)


def page_item(page: WebPage, max_chars: int = DEFAULT_MAX_CHARS) -> Article | Rejection:
    """The article in ``page`` (see :func:`extract_page`), or a Rejection located at the
    page when it fails."""
    item = extraction_item(page, max_chars)
    return item.article if isinstance(item, Extraction) else item

