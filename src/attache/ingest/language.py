"""Which language an article is in, offline, with py3langid.

attache codes English; a page in another language would be parsed as English and give
nonsense, so web inputs are checked first. py3langid (a maintained fork of langid.py, the
identifier trafilatura itself can use) ships its 4 MB model in the package and needs only
numpy, which attache has already; it knows 97 languages, so a page is named as what it is
rather than forced into a short list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ENGLISH = "en"

MIN_CHARS = 100
"""Texts shorter than this are not judged (too little to tell): they are coded."""

ENGLISH_FLOOR = 0.2
"""A text is English unless the identifier gives English less than this probability."""

SAMPLE_CHARS = 10_000
"""Only the start of a long text is read: it says as much and costs less."""


@dataclass(frozen=True)
class Language:
    """The identifier's verdict: the likeliest ``code`` (ISO 639-1) with its
    ``probability``, and the probability that the text is English."""

    code: str
    probability: float
    english: float

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH or self.english >= ENGLISH_FLOOR


@lru_cache(maxsize=1)
def _identifier():
    """The py3langid model with normalised probabilities (loaded once, ~1.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Language | None:
    """The language of ``text``, or ``None`` when it is shorter than :data:`MIN_CHARS`."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    ranked = _identifier().rank(sample)
    code, probability = ranked[0]
    english = next(p for language, p in ranked if language == ENGLISH)
    return Language(code, float(probability), float(english))
