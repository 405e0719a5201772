"""Evaluations: characterising an act or an actor ("called the raid a crime", "described the
decision as unjustified", "attacked the ruling as a witch hunt") is praise or criticism,
according to what the characterisation says.

The polarity of the words comes from VADER's lexicon (Hutto and Gilbert 2014, the
``vaderSentiment`` package): negative is criticism (CAMEO 111, PLOVER ACCUSE disapprove),
positive praise (051, SUPPORT); a characterisation without clear polarity is a statement, no
event.
"""

from __future__ import annotations

from functools import lru_cache

#: VADER compound scores beyond which a characterisation is praise or criticism (VADER's own
#: thresholds for positive and negative text).
POSITIVE, NEGATIVE = 0.05, -0.05
CRITICISE, PRAISE = "111", "051"


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def evaluation_code(text: str) -> str | None:
    """111 for a negative characterisation, 051 for a positive one, None otherwise."""
    score = _analyzer().polarity_scores(text)["compound"]
    if score <= NEGATIVE:
        return CRITICISE
    if score >= POSITIVE:
        return PRAISE
    return None
