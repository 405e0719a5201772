"""Dictionaries the coder reads: actors, agents, verbs, discards, issues.

:func:`load_dictionaries` parses a set of PETRARCH/TABARI files (validated, errors name file
and line) and compiles them into lookup indexes. The compiled form is cached as a pickle
keyed by the files' content hash (:mod:`attache.cache`), so a warm load skips parsing
entirely; its records are pickled as constructor calls, which read back about twice as fast
as dataclasses' own slot-by-slot state.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..cache import load_compiled
from .actors import (
    ActorEntry,
    AgentEntry,
    Discard,
    IssuePhrase,
    load_actors,
    load_agents,
    load_discards,
    load_issues,
)
from .user import load_actor_csv, user_folder_files
from .verbs import VerbDictionary, load_verbs

#: Bump when the compiled form changes, so stale caches are ignored.
COMPILED_FORMAT = 12


_INFIX_HYPHEN = re.compile(r"(?<=[A-Z])-(?=[A-Z])")


def tokenized(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """Split words the way the parser's tokenizer does: ``AL-QAEDA`` -> AL, -, QAEDA (a
    hyphen between letters is a token of its own; ``SU-35`` stays whole)."""
    words: list[str] = []
    for word in phrase:
        parts = _INFIX_HYPHEN.split(word)
        for position, part in enumerate(parts):
            if position:
                words.append("-")
            if part:
                words.append(part)
    return tuple(words)


@dataclass(slots=True)
class PhraseIndex:
    """Phrases (tuples of upper-case words) -> entry ids, searchable by first word."""

    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)
    longest: int = 0

    def add(self, phrase: tuple[str, ...], entry_id: int) -> None:
        phrase = tokenized(phrase)
        if not phrase:
            return
        bucket = self.by_first.setdefault(phrase[0], [])
        bucket.append((phrase, entry_id))
        self.longest = max(self.longest, len(phrase))

    def finish(self) -> None:
        """Longest phrases first, so the first hit at a position is the longest match."""
        for bucket in self.by_first.values():
            bucket.sort(key=lambda item: -len(item[0]))


@dataclass(slots=True)
class DictionaryFiles:
    """Which files make up a dictionary set (paths in load order)."""

    verbs: list[Path]
    actors: list[Path]
    agents: list[Path]
    discards: list[Path] = field(default_factory=list)
    issues: list[Path] = field(default_factory=list)

    def all(self) -> list[Path]:
        return [*self.verbs, *self.actors, *self.agents, *self.discards, *self.issues]

    def digest(self) -> str:
        sha = hashlib.sha256(str(COMPILED_FORMAT).encode())
        for path in self.all():
            sha.update(path.name.encode())
            sha.update(path.read_bytes())
        return sha.hexdigest()[:16]


@dataclass(slots=True)
class Dictionaries:
    """A compiled dictionary set, ready for the coder."""

    version: str
    verbs: VerbDictionary
    actors: list[ActorEntry]
    actor_index: PhraseIndex
    agents: list[AgentEntry]
    agent_index: PhraseIndex
    discards: list[Discard]
    issues: list[IssuePhrase]


def compile_dictionaries(files: DictionaryFiles, version: str) -> Dictionaries:
    """Parse every file and build the indexes (the slow path the cache avoids)."""
    verbs = VerbDictionary()
    for path in files.verbs:
        loaded = load_verbs(path)
        offset = len(verbs.classes)
        verbs.classes.extend(loaded.classes)
        verbs.synsets.update(loaded.synsets)
        for word, forms in loaded.forms.items():
            for form in forms:
                verbs.add_form(word, type(form)(form.verb_class + offset, form.before,
                                                form.after, form.code, form.source))
    actors = [entry for path in files.actors for entry in
              (load_actor_csv(path) if path.suffix.lower() == ".csv" else load_actors(path))]
    agents = [entry for path in files.agents for entry in load_agents(path)]
    actor_index, agent_index = PhraseIndex(), PhraseIndex()
    for entry_id, entry in enumerate(actors):
        for phrase in entry.phrases:
            actor_index.add(phrase, entry_id)
    for entry_id, agent in enumerate(agents):
        for phrase in agent.phrases:
            agent_index.add(phrase, entry_id)
    actor_index.finish()
    agent_index.finish()
    return Dictionaries(
        version=version,
        verbs=verbs,
        actors=actors,
        actor_index=actor_index,
        agents=agents,
        agent_index=agent_index,
        discards=[item for path in files.discards for item in load_discards(path)],
        issues=[item for path in files.issues for item in load_issues(path)],
    )


class _RecordPickler(pickle.Pickler):
    """Pickles the dictionaries' slotted dataclasses as calls of their constructors with
    their field values (all of them are ``__init__`` fields, in order), each distinct frozen
    record once (31,415 pattern items hold 3,738 distinct ones): equal ones read back as one
    shared object. Any unpickler reads the result."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._interned: dict = {}

    def reducer_override(self, obj):
        kind = type(obj)
        if not (kind.__module__.startswith(__name__) and dataclasses.is_dataclass(kind)):
            return NotImplemented
        if kind.__dataclass_params__.frozen:
            first = self._interned.setdefault(obj, obj)
            if first is not obj:  # a reference to the equal record pickled before
                return operator.getitem, ((first,), 0)
        return kind, tuple(getattr(obj, item.name) for item in dataclasses.fields(kind))


def load_dictionaries(files: DictionaryFiles, *, use_cache: bool = True) -> Dictionaries:
    """Load a dictionary set, from the compiled cache when its files are unchanged."""
    version = files.digest()
    return load_compiled("dictionaries", version,
                         lambda: compile_dictionaries(files, version),
                         use_cache=use_cache, pickler=_RecordPickler)


def shipped_files() -> DictionaryFiles:
    """The Phoenix/CAMEO dictionaries shipped in the package, with attache's additions
    (loaded first: a reading attache gives a verb form replaces the Phoenix default)."""
    root = Path(str(resources.files("attache") / "data" / "dictionaries"))
    phoenix, extra = root / "phoenix", root / "extra"
    return DictionaryFiles(
        verbs=[extra / "attache.verbs.txt", phoenix / "CAMEO.verbpatterns.150430.txt"],
        actors=[
            extra / "attache.actors.txt",
            phoenix / "Phoenix.Countries.actors.txt",
            phoenix / "Phoenix.International.actors.txt",
            phoenix / "Phoenix.MilNonState.actors.txt",
        ],
        agents=[extra / "attache.agents.txt", phoenix / "Phoenix.agents.txt"],
        discards=[phoenix / "Phoenix.discards.txt"],
        issues=[phoenix / "Phoenix.IssueCoding.txt"],
    )


def with_user_files(folder: str | Path, base: DictionaryFiles | None = None
                    ) -> DictionaryFiles:
    """The files of a user folder (:mod:`attache.dictionaries.user`) layered over ``base``
    (default: the shipped set): each kind's user files come first, so their entries win."""
    base = base or shipped_files()
    found = user_folder_files(Path(folder))
    return DictionaryFiles(
        verbs=[*found["verbs"], *base.verbs],
        actors=[*found["actors"], *base.actors],
        agents=[*found["agents"], *base.agents],
        discards=[*found["discards"], *base.discards],
        issues=list(base.issues),
    )


def dictionaries_for(dictionaries: Dictionaries | str | Path | None) -> Dictionaries:
    """The dictionary set a coder is given: a compiled set as it is, a user folder layered
    over the shipped set (validated, compiled once and cached), or None for the shipped set."""
    if dictionaries is None:
        return default_dictionaries()
    if isinstance(dictionaries, Dictionaries):
        return dictionaries
    return load_dictionaries(with_user_files(dictionaries))


def petrarch_files(directory: Path, prefix: str = "PETR.Validate") -> DictionaryFiles:
    """A PETRARCH validation-style directory: ``PREFIX.verbs.txt``, ``.actors.txt``, ..."""
    return DictionaryFiles(
        verbs=[directory / f"{prefix}.verbs.txt"],
        actors=[directory / f"{prefix}.actors.txt"],
        agents=[directory / f"{prefix}.agents.txt"],
        discards=[directory / f"{prefix}.discards.txt"],
    )


@lru_cache(maxsize=1)
def default_dictionaries() -> Dictionaries:
    """The shipped set, loaded once per process."""
    return load_dictionaries(shipped_files())
