from datetime import date

import pytest

from attache.errors import ArticleError
from attache.ingest import check_text, content_hash, new_article, parse_published


def test_check_text_returns_good_text_unchanged():
    text = "Iran said on Monday it would retaliate.\n\n\tMore text\r\n"
    assert check_text(text) is text


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_check_text_rejects_empty_text(text):
    with pytest.raises(ArticleError) as caught:
        check_text(text)
    assert caught.value.code.name == "E003"


def test_check_text_rejects_binary_text():
    with pytest.raises(ArticleError) as caught:
        check_text("abc" + "\x00\x01\x02\x1b" * 10)
    assert caught.value.code.name == "E005"
    assert "%" in caught.value.message


def test_check_text_allows_a_few_control_characters():
    assert check_text("Page one.\x0cPage two has a form feed before it.")


def test_check_text_rejects_long_text():
    with pytest.raises(ArticleError) as caught:
        check_text("word " * 30, max_chars=100)
    assert caught.value.code.name == "E006"
    assert "150" in caught.value.message


def test_new_article_defaults_id_to_sha1_of_text():
    first = new_article("Germany banned Mahan Air.")
    again = new_article("Germany banned Mahan Air.")
    other = new_article("Germany banned another airline.")
    assert first.id.startswith("sha1:") and len(first.id) == len("sha1:") + 16
    assert first.id == again.id != other.id


def test_new_article_keeps_metadata_and_parses_published():
    article = new_article(
        "Text.", article_id="x1", title="T", published="2019-01-04", source="S", url="u"
    )
    assert (article.id, article.title, article.source, article.url) == ("x1", "T", "S", "u")
    assert article.published == date(2019, 1, 4)


def test_new_article_turns_empty_optional_strings_into_none():
    article = new_article("Text.", title="", published="", source="", url="")
    assert (article.title, article.published, article.source, article.url) == (None,) * 4


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (date(2020, 1, 3), date(2020, 1, 3)),
        ("2020-01-03", date(2020, 1, 3)),
        ("2020-01-03T10:15:00+00:00", date(2020, 1, 3)),
    ],
)
def test_parse_published_accepts_iso_dates(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["03/01/2020", "2020-13-01", "yesterday", 20200103])
def test_parse_published_rejects_other_values(value):
    with pytest.raises(ArticleError) as caught:
        parse_published(value)
    assert caught.value.code.name == "E009"


def test_content_hash_follows_text_and_metadata():
    base = new_article("Text.", article_id="a", title="T", published="2020-01-01")
    assert content_hash(base) == content_hash(
        new_article("Text.", article_id="a", title="T", published="2020-01-01")
    )
    assert content_hash(base) != content_hash(
        new_article("Text!", article_id="a", title="T", published="2020-01-01")
    )
    assert content_hash(base) != content_hash(
        new_article("Text.", article_id="a", title="T2", published="2020-01-01")
    )


def test_article_record_reads_back_as_the_same_article(tmp_path):
    import json

    from attache.ingest.articles import article_record
    from attache.ingest.readers import read_jsonl

    article = new_article("Russia attacked Ukraine.", article_id="a1", title="T",
                          published="2022-03-07", source="Wire", url="https://x.org/a1")
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(article_record(article)) + "\n", encoding="utf-8")
    assert list(read_jsonl(path)) == [article]
