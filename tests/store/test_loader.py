import json

from attache.ingest import read_inputs
from attache.store import ingest


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records))


RECORDS = [
    {"id": "n1", "text": "Turkish forces shelled Kurdish positions.", "published": "2019-10-10"},
    {"id": "n2", "text": "Greece signed a pipeline deal with Cyprus.", "published": "2019-10-11"},
    {"id": "n3", "text": "   "},
    {"id": "n4", "text": "This one will FAIL inside the coder."},
]


def test_ingest_counts_and_stores_everything(store, fake_coder, tmp_path):
    path = tmp_path / "news.jsonl"
    _write_jsonl(path, RECORDS)
    seen = []
    report = ingest(
        store,
        read_inputs([path]),
        fake_coder,
        batch_size=2,
        on_item=lambda outcome, item: seen.append(outcome),
    )
    assert (report.inserted, report.unchanged, report.replaced, report.rejected) == (2, 0, 0, 2)
    assert report.events == 4 and report.events_all == 4
    assert seen == ["inserted", "inserted", "rejected", "rejected"]
    assert report.line() == (
        "ingested 2 articles (2 inserted, 0 unchanged, 0 replaced), 4 events, 2 rejected"
    )
    assert report.skipped == 0
    assert {(r.article_id, r.code) for r in store.rejections()} == {("n3", "E003"), ("n4", "E015")}
    assert store.article("n1").article.published.isoformat() == "2019-10-10"
    assert not report.read_nothing


def test_reingest_skips_unchanged_articles_without_coding_them(store, fake_coder, tmp_path):
    path = tmp_path / "news.jsonl"
    _write_jsonl(path, RECORDS[:2])
    ingest(store, read_inputs([path]), fake_coder)
    fake_coder.coded_ids.clear()
    changed = [RECORDS[0], {**RECORDS[1], "text": "Greece and Cyprus signed a deal."}]
    _write_jsonl(path, changed)
    report = ingest(store, read_inputs([path]), fake_coder)
    assert (report.inserted, report.unchanged, report.replaced) == (0, 1, 1)
    assert report.skipped == 1
    assert report.line().endswith("; 1 already stored, skipped")
    assert fake_coder.coded_ids == ["n2"]
    assert store.article("n2").article.text == "Greece and Cyprus signed a deal."


def test_nothing_readable_is_reported(store, fake_coder, tmp_path):
    report = ingest(store, read_inputs([tmp_path / "missing.jsonl"]), fake_coder)
    assert report.read_nothing and report.rejected == 1
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert ingest(store, read_inputs([empty]), fake_coder).read_nothing


def test_an_article_built_by_hand_over_the_limits_is_rejected_not_fatal(store, fake_coder):
    from attache.model import Article

    items = [Article("ok-1", "Russia attacked Ukraine."), Article("i" * 600, "Text."),
             Article("bad\udc80", "Text."), Article("ok-2", "France praised Germany.")]
    report = ingest(store, items, fake_coder)
    assert (report.inserted, report.rejected) == (2, 2)
    assert [rejection.code for rejection in store.rejections()] == ["E017", "E016"]
