"""Which stored articles a new dictionary set would code differently (``attache recode``).

Each stored article records the dictionary set that coded it (``articles.dictionaries``, the
set's content hash). An article coded with the set in use is up to date. One coded with the
shipped set alone can only change where the user folder's files can change it: when the
folder adds actor names only, where its text holds one of those names (a user agent, verb or
discard file can change any article). Any other article (coded with another user set, or
before attache recorded the set) is coded again.
"""

from __future__ import annotations

import re
from pathlib import Path

from attache.dictionaries import Dictionaries, shipped_files, with_user_files
from attache.dictionaries.actors import load_actors
from attache.dictionaries.user import load_actor_csv, user_folder_files
from attache.model import Article
from attache.store.sqlite import Store


def _name_pattern(folder: Path) -> re.Pattern[str] | None:
    """A pattern matching any actor name of the folder's actor files, or None when the
    folder holds files of other kinds (then any article may change)."""
    found = user_folder_files(folder)
    if any(found[kind] for kind in found if kind != "actors"):
        return None
    phrases = set()
    for path in found["actors"]:
        entries = load_actor_csv(path) if path.suffix.lower() == ".csv" else load_actors(path)
        phrases.update(phrase for entry in entries for phrase in entry.phrases)
    alternatives = sorted((r"\s+".join(re.escape(word) for word in phrase)
                           for phrase in phrases if phrase), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def articles_changed_by(store: Store, folder: str | Path,
                        dictionaries: Dictionaries | None = None) -> list[Article]:
    """The stored articles that coding with the user folder (layered over the shipped set;
    ``dictionaries``: that set, compiled) may change."""
    folder = Path(folder)
    version = (dictionaries.version if dictionaries is not None
               else with_user_files(folder).digest())
    shipped = shipped_files().digest()
    coded_with = {row["id"]: row["dictionaries"] for row in store.read(
        "SELECT id, dictionaries FROM articles")}
    pattern = _name_pattern(folder)
    return [article for article in store.stored_articles(not_dictionaries=version)
            if coded_with[article.id] != shipped or pattern is None
            or pattern.search(f"{article.title or ''}\n{article.text}")]
