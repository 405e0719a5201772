"""story_links: the copies of an article's story and the reports of its events elsewhere."""

from __future__ import annotations

import pytest

from attache.errors import AttacheError
from attache.query import story_links
from attache.store import open_store


def test_the_original_lists_its_copy_and_the_shared_reports(copied_story_path):
    with open_store(copied_story_path, read_only=True) as store:
        links = story_links(store, "wire-a")
        assert links["duplicate_of"] is None
        assert [copy["id"] for copy in links["copies"]] == ["wire-b"]
        assert links["copies"][0]["similarity"] > 0.5
        assert sorted(links["reports"]) == [0, 1]
        assert {report["num_articles"] for report in links["reports"].values()} == {2}
        assert {report["num_sources"] for report in links["reports"].values()} == {2}


def test_the_copy_names_its_original_and_an_unrelated_article_has_no_links(copied_story_path):
    with open_store(copied_story_path, read_only=True) as store:
        copy = story_links(store, "wire-b")
        assert copy["duplicate_of"]["id"] == "wire-a"
        assert copy["copies"] == []
        assert story_links(store, "other") == {"duplicate_of": None, "copies": [], "reports": {}}
        with pytest.raises(AttacheError):
            story_links(store, " ")
