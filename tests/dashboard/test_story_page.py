"""The article page shows the dedup stage's links: copies of its story, events reported
elsewhere (the store of the ``copied_story_path`` fixture)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from attache.dashboard import install
from attache.store import open_store


def test_the_article_page_shows_the_copies_and_report_counts(copied_story_path):
    app = FastAPI()
    install(app, lambda: open_store(copied_story_path, read_only=True))
    with TestClient(app, base_url="http://localhost") as client:
        original = client.get("/articles/wire-a").text
        copy = client.get("/articles/wire-b").text
        unrelated = client.get("/articles/other").text
    assert 'id="story-copies"' in original and 'href="/articles/wire-b"' in original
    assert "Re-published as:" in original
    assert "A copy of" in copy and 'href="/articles/wire-a"' in copy
    assert original.count("reported in 2 articles from 2 sources") == 2
    assert 'id="story-copies"' not in unrelated and "reported in" not in unrelated
