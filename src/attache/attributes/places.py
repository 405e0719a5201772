"""Places: find place names in a parsed paragraph, resolve them offline, and link events to
the place where they happened.

**Finding** (:func:`find_places`), per paragraph:

* ``rule:dateline`` — the place a story was filed from: a paragraph that starts within the
  first :data:`DATELINE_MAX_OFFSET` characters of the article (room for a headline line)
  and opens with ``PLACE[, more][ (Agency)] - `` ("Moscow, MINA –", "WASHINGTON, March 3
  (Reuters) -", "LONDON (Reuters) -"), where PLACE is a gazetteer name. Nothing else is a
  dateline.
* ``rule:place-gazetteer`` — a spaCy GPE, LOC or FAC entity resolved by the gazetteer; also
  an ORG, PERSON or NORP entity (the small model's labels for many unfamiliar place names)
  that the gazetteer knows by its own name as a country, region, division or city of
  100,000 or more ("Karachi", "Aleppo"), or that stands where a place stands: object of a
  locative preposition ("near Mandali"), after "<place noun> of" ("the neighbourhood of
  Al-Bayaa"), or (not NORP) before a place noun ("Sopore town").
* ``rule:place-ner`` — such an entity the gazetteer does not know ("Kodori Gorge"): kept,
  ``kind`` ``unresolved`` (no country, no coordinates), when it looks like a name: a proper
  noun, capitalised words, no digits, not an acronym, not ending in an organisation word
  (the small model calls "Background" or "252p" a GPE).
* ``rule:place-fallback`` — proper nouns outside every entity that the gazetteer knows (a
  country, CAMEO region or admin1, a city of 100,000 or more, or any city right after a
  locative preposition: "in Lucciana"), or that modify a place noun ("the Amil
  neighbourhood"). Tokens inside other entities (NORP "Russian", PERSON "Jordan") and
  adjectives are never read as places.

A place name that modifies a noun for people or institutions (:data:`ACTOR_NOUNS`: "U.S.
officials", "Russia's foreign minister") names an actor, not a place, and is skipped; "the
Baghdad neighbourhood", "his Moscow apartment" and "Russia's capital" are places.

**Resolving**: the gazetteer's ranking (:mod:`attache.attributes.gazetteer`), with the
countries the paragraph names as context ("Tripoli" in a story about Lebanon) and "City,
Country" / "City, State" pairs as a binding one.

**Linking** (:func:`link_verb`, :func:`locate_events`): the location of an event is a place
in its sentence, in this order of tiers (within a tier the finest place first: a city or an
unresolved locality before a division, a division before a country or region, so "in the
West Bank town of Bethlehem" is Bethlehem; then the nearest to the verb):

0. a place whose nearest preposition (``of`` aside) is locative ("in", "at", "near",
   "outside", ...) and attached to the verb ("attacked positions near Kharkiv");
1. one whose locative phrase hangs off the verb's object or subject ("shelling hit a
   trolleybus in Donetsk", "the blast in Lucciana destroyed ...");
2. the verb's own object or passive subject when it is a place ("Hamas overran Gaza");
3. a locative phrase of the clause the verb depends on ("In Baghdad, police said gunmen
   killed two") or of a verb conjoined to it ("shot and killed two men in Thanto": the
   parse hangs the phrase on the last verb, but it is the place of both).

Never a place that is the event's source or target (its actor mention overlaps the place),
never the active subject of the verb ("Russia attacked ...") or a place reached only through
it or through a non-locative preposition ("a visit to Britain"), never a place in a
subordinate or relative clause of another verb.

An unresolved name is linked like any place (so that the evaluation scores the linker on
every place name), but it is not a location: an event whose place is one gets none ("the
gazetteer cannot place it" is not "it happened in a city of that name").

The dateline is *not* a fallback by default: PLOVER's event-location task (Halterman 2019,
the gold set ``attache eval event-location`` scores) links a verb to a location mention
within its sentence, and the filing place is often not where the event happened; a caller
that wants it passes ``dateline=`` to :func:`locate_events`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Event, Place
from ..nlp import DATELINE_MAX_OFFSET, ParsedUnit, dateline_at
from ..nlp.syntax import PLACE_CLAUSE_DEPS
from .gazetteer import Candidate, Gazetteer, default_gazetteer

__all__ = ["DATELINE_MAX_OFFSET", "Gazetteer", "default_gazetteer", "find_places",
           "link_verb", "locate_events"]

_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
                    re.IGNORECASE)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Labels the small model gives place names it does not recognise as places.
OTHER_NAME_LABELS = {"ORG", "PERSON", "NORP"}
#: Nouns a place name may modify and still be a place ("the Baghdad neighbourhood").
PLACE_NOUNS = {
    "city", "town", "village", "capital", "province", "region", "district", "area", "state",
    "county", "border", "borders", "neighbourhood", "neighborhood", "suburb", "suburbs",
    "outskirts", "port", "airport", "base", "coast", "governorate", "oblast", "municipality",
    "territory", "island", "islands", "valley", "mountains", "desert", "countryside", "camp",
    "prison", "embassy", "consulate", "street", "square", "highway", "road", "bridge",
    "frontier", "zone", "enclave", "strip", "sea", "river", "lake", "gulf", "bay", "peninsula",
    "quarter", "center", "centre", "downtown", "heights", "side", "part", "parts", "north",
    "south", "east", "west", "north-east", "north-west", "south-east", "south-west",
}
#: Place nouns that only say what level a named place is at: dropped for the lookup.
ADMINISTRATIVE_NOUNS = {
    "city", "town", "village", "province", "region", "district", "governorate", "state",
    "county", "municipality", "oblast", "area", "prefecture", "department", "neighbourhood",
    "neighborhood", "suburb",
}
#: Nouns for people and institutions: a place name modifying one names an actor.
ACTOR_NOUNS = {
    "official", "officials", "troop", "force", "soldier", "government", "minister",
    "president", "leader", "police", "army", "military", "authority", "diplomat",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "delegation", "envoy",
    "counterpart", "navy", "prime", "foreign", "premier", "administration", "ministry",
    "parliament", "lawmaker", "senator", "regime", "rebel", "militant", "fighter", "citizen",
    "national", "people", "team", "company", "firm", "bank", "agency", "chief",
    "commander", "general", "counterparts", "prosecutor", "court", "judge",
    "media", "press", "newspaper", "television", "radio", "coalition", "opposition", "party",
    "legislature", "cabinet", "king", "queen", "emir", "sheikh", "mayor", "governor",
}
#: Last words of organisation names, never of places.
ORGANISATION_WORDS = {
    "university", "college", "school", "bank", "board", "house", "inc", "corp", "co", "ltd",
    "plc", "llc", "l.p.", "lp", "group", "party", "council", "ministry", "committee",
    "association", "agency", "commission", "exchange", "market", "company", "corporation",
    "partners", "holdings", "fund", "institute", "foundation", "union", "federation",
    "court", "assembly", "congress", "senate", "parliament", "office", "department",
    "service", "services", "times", "post", "news", "press", "network", "front", "army",
    "brigade", "brigades", "forces", "movement", "organization", "organisation", "rates",
}
#: Small words inside place names ("Ain el Helweh", "Shatt al Arab", "Rio de Janeiro").
_PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "bin", "ibn", "bani",
              "de", "del", "la", "le", "da", "do", "dos", "das", "of", "and", "y", "van",
              "der", "von", "sur", "en", "di", "du", "des", "northern", "southern", "eastern",
              "western", "central", "upper", "lower", "greater", "northeast", "northwest",
              "southeast", "southwest", "north", "south", "east", "west"}
#: Prepositions that say where something happened.
LOCATIVE_PREPOSITIONS = {
    "in", "at", "near", "outside", "inside", "across", "throughout", "around", "along",
    "within", "over", "into", "onto", "on", "off", "beyond", "between", "among", "amid",
    "through", "towards", "toward", "nearby", "close", "next", "opposite", "behind", "beside",
    "under", "above", "below", "aboard",
}
_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod"}
_SUBJECT_DEPS = {"nsubj", "csubj", "agent", "expl"}
_OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "npadvmod", "obj", "dative"}
#: Within a tier the finest place wins ("in the West Bank town of Bethlehem": Bethlehem).
_SPECIFICITY = {"city": 0, "admin1": 1, "country": 2, "region": 2}
#: Fallback cities must be at least this large, unless a locative preposition precedes them.
FALLBACK_MIN_POPULATION = 100_000


def find_places(unit: ParsedUnit, gazetteer: Gazetteer | None = None) -> list[Place]:
    """The place names of one parsed paragraph, resolved (see the module docstring), in text
    order. ``gazetteer`` defaults to the process-wide :func:`default_gazetteer`."""
    gazetteer = gazetteer or default_gazetteer()
    doc = unit.doc
    spans: dict[tuple[int, int], str] = {}  # (start, end) token span -> rule
    dateline = _dateline(unit, gazetteer)
    if dateline:
        spans[dateline[0], dateline[1]] = "rule:dateline"
    taken = [False] * len(doc)
    for start, end in spans:
        taken[start:end] = [True] * (end - start)
    for entity in doc.ents:
        if any(taken[entity.start:entity.end]):
            continue
        for index in range(entity.start, entity.end):
            taken[index] = True
        start, end = _trim(doc, entity.start, entity.end)
        if start >= end or _is_actor_modifier(doc[start:end]):
            continue
        if entity.label_ in PLACE_LABELS:
            span = doc[start:end]
            if _lookup_text(doc, start, end) in gazetteer or (
                    any(t.pos_ == "PROPN" for t in span) and _looks_like_place_name(span)):
                spans[start, end] = "LOC" if entity.label_ == "LOC" else "GPE"
        elif entity.label_ in OTHER_NAME_LABELS and (
                _known_place(gazetteer, doc[start:end].text)
                or _looks_like_place_name(doc[start:end])
                and _in_place_position(doc, start, end, entity.label_ != "NORP")):
            spans[start, end] = "GPE"
    for start, end in _fallback_spans(doc, taken, gazetteer):
        spans[start, end] = "rule:place-fallback"
    return _resolve(unit, gazetteer, sorted(spans.items()), dateline)


def link_verb(unit: ParsedUnit, verb: int, places: list[Place],
              excluded: list[tuple[int, int]] | tuple = ()) -> Place | None:
    """The place where the event of the verb at token ``verb`` of ``unit.doc`` happened, or
    None. ``places`` are the paragraph's places (:func:`find_places`); ``excluded`` article
    character ranges (the event's actor mentions) that the location may not overlap."""
    doc = unit.doc
    verb_token = doc[verb]
    sentence = verb_token.sent
    best: tuple | None = None
    for place in places:
        start, end = unit.doc_char(place.evidence.start), unit.doc_end(place.evidence.end)
        if start < sentence.start_char or end > sentence.end_char or end <= start:
            continue
        if any(place.evidence.start < e_end and e_start < place.evidence.end
               for e_start, e_end in excluded):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.start <= verb < span.end:
            continue
        tier = _tier(span.root, verb_token)
        if tier is None:
            continue
        score = (tier, _SPECIFICITY.get(place.kind, 0) if place.country_iso3 else 0,
                 abs(span.start - verb))
        if best is None or score < best[0]:
            best = (score, place)
    return best[1] if best else None


def locate_events(unit: ParsedUnit, events: list[Event], places: list[Place],
                  dateline: Place | None = None) -> list[Event]:
    """``events`` with ``location`` set to the place where each happened (:func:`link_verb`;
    the event's source never counts, its target may: "shelled positions in Aleppo" is coded
    against Syria by the place and happened there). Events whose verb is not in this paragraph
    come back unchanged. ``dateline``: a place for events with none in their clause (off by
    default, see the module docstring)."""
    located = []
    for event in events:
        span = unit.span(event.verb_start, event.verb_end) \
            if unit.contains(event.verb_start) else None
        if span is None or len(span) == 0:
            located.append(event)
            continue
        excluded = [(event.source.mention.evidence.start, event.source.mention.evidence.end)
                    ] if event.source is not None else []
        place = link_verb(unit, span.root.i, places, excluded) or dateline
        located.append(replace(event, location=place) if place and place.precision
                       else event)
    return located


# -- finding ----------------------------------------------------------------------------------
def _dateline(unit: ParsedUnit, gazetteer: Gazetteer) -> tuple[int, int, set[str]] | None:
    """(start token, end token, binding context) of the dateline opening this paragraph."""
    match = dateline_at(unit.doc.text[:120], 0) if unit.offset <= DATELINE_MAX_OFFSET else None
    if not match or not gazetteer.lookup(match.group("place")):
        return None
    span = unit.doc.char_span(match.start("place"), match.end("place"), alignment_mode="expand")
    if span is None:
        return None
    strong: set[str] = set()
    for chunk in match.group("rest").split(","):
        chunk = chunk.split("(")[0].strip()
        if chunk and not _MONTH.match(chunk):
            candidate = gazetteer.resolve(chunk)
            if candidate and candidate.kind in ("country", "admin1"):
                strong.add(candidate.admin1_key or candidate.country_iso3 or "")
    return span.start, span.end, strong


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner and a trailing possessive or punctuation."""
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ == "PUNCT"
                           or doc[end - 1].is_space):
        end -= 1
    return start, end


def _is_actor_modifier(span) -> bool:
    """A name that modifies a noun for people or institutions: "U.S. officials", "Russia's
    foreign minister", "the Kenyan government" (but "his Moscow apartment" is a place)."""
    root = span.root
    if root.dep_ not in _MODIFIER_DEPS or root.head.i == root.i:
        return False
    head = root.head
    return head.pos_ in ("NOUN", "PROPN") and (head.lemma_.lower() in ACTOR_NOUNS
                                               or head.ent_type_ in ("ORG", "PERSON", "NORP"))


def _in_place_position(doc, start: int, end: int, before_noun: bool = True) -> bool:
    """A name the small model labelled a person or organisation, in a place's position: the
    object of a locative preposition ("near Mandali"), after "<place noun> of" ("the
    neighbourhood of Al-Bayaa") or, unless ``before_noun`` is false (a NORP: "the Sunni
    neighbourhood"), before a place noun ("Sopore town")."""
    root = doc[start:end].root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS:
        return True
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in PLACE_NOUNS:
        return True
    return before_noun and _before_place_noun(doc, end, root)


def _before_place_noun(doc, end: int, root) -> bool:
    return end < len(doc) and doc[end].lower_ in PLACE_NOUNS and root.head.i == end \
        and root.dep_ == "compound"


def _looks_like_place_name(span) -> bool:
    """Capitalised words (with particles, place nouns and directions: "Ras al-Ain", "Mavo
    village", "south Kashmir"), no digits, not an acronym, not ending in an organisation
    word ("Tokyo University", "Permian Partners L.P.", "N.A.")."""
    words = [token for token in span if not token.is_punct and not token.is_space]
    if not words or any(token.like_num for token in words):
        return False
    capitalised = [token for token in words if _capitalised(token.text)]
    if not capitalised or any(token not in capitalised and token.lower_ not in _PARTICLES
                              and token.lower_ not in PLACE_NOUNS for token in words):
        return False
    if len(words) == 1 and (words[0].is_upper or len(words[0]) < 3 or "." in words[0].text):
        return False
    return words[-1].lower_ not in ORGANISATION_WORDS


def _capitalised(word: str) -> bool:
    """"Kharkiv", "al-Bayaa", "Al-Bab": some part (hyphens apart) starts with a capital."""
    return any(part[:1].isupper() for part in re.split(r"[-'’]", word))


def _known_place(gazetteer: Gazetteer, text: str) -> bool:
    """The gazetteer knows the name itself (not as an alternate name) as a country, region,
    division or city of 100,000 or more ("Karachi" labelled an ORG, "Aleppo" a NORP)."""
    candidates = gazetteer.lookup(text)
    if not candidates or candidates[0].alternate:
        return False
    return candidates[0].kind != "city" or candidates[0].population >= FALLBACK_MIN_POPULATION


def _fallback_spans(doc, taken: list[bool], gazetteer: Gazetteer):
    """Gazetteer names over capitalised proper nouns that no entity covers (longest first)."""
    index = 0
    size = len(doc)
    while index < size:
        token = doc[index]
        if taken[index] or token.pos_ != "PROPN" or not token.text[:1].isupper() \
                or token.is_upper or len(token) < 3 or not token.is_alpha:
            index += 1
            continue
        found = None
        for end in range(min(size, index + 4), index, -1):
            if any(taken[index:end]) or any(t.pos_ != "PROPN" for t in doc[index:end]):
                continue
            candidates = gazetteer.lookup(doc[index:end].text)
            if candidates and _fallback_ok(doc, index, candidates[0]) \
                    or _before_place_noun(doc, end, doc[end - 1]):
                found = end
                break
        if found:
            yield index, found
            index = found
        else:
            index += 1


def _fallback_ok(doc, start: int, candidate: Candidate) -> bool:
    if candidate.kind != "city" or candidate.population >= FALLBACK_MIN_POPULATION:
        return True
    return start > 0 and doc[start - 1].lower_ in LOCATIVE_PREPOSITIONS


def _resolve(unit: ParsedUnit, gazetteer: Gazetteer, spans: list,
             dateline: tuple[int, int, set[str]] | None) -> list[Place]:
    doc = unit.doc
    texts = {key: _lookup_text(doc, *key) for key, _ in spans}
    best = {key: (gazetteer.lookup(texts[key]) or [None])[0] for key, _ in spans}
    context = {c.country_iso3 for c in best.values()
               if c is not None and c.kind != "city" and c.country_iso3}
    places = []
    for (start, end), rule in spans:
        strong = set(dateline[2]) if dateline and (start, end) == dateline[:2] else set()
        following = _following_place(spans, end, doc)
        if following is not None and best[following] is not None \
                and best[following].kind in ("country", "admin1"):
            strong.add(best[following].admin1_key or best[following].country_iso3 or "")
        candidate = gazetteer.resolve(texts[start, end], context, strong)
        places.append(_place(unit, start, end, candidate, rule))
    return places


def _lookup_text(doc, start: int, end: int) -> str:
    """The name to look up: the span, less a trailing administrative noun ("Homs province",
    "Kabul city"; but "Mississippi River" stays whole)."""
    if end - start > 1 and doc[end - 1].lower_ in ADMINISTRATIVE_NOUNS:
        return doc[start:end - 1].text
    return doc[start:end].text


def _following_place(spans: list, end: int, doc) -> tuple[int, int] | None:
    """The span right after ", " following token ``end``: "Paris, Texas"."""
    if end < len(doc) and doc[end].text == ",":
        for key, _ in spans:
            if key[0] == end + 1:
                return key
    return None


def _place(unit: ParsedUnit, start: int, end: int, candidate: Candidate | None,
           rule: str) -> Place:
    dateline = rule == "rule:dateline"
    if candidate is None:
        evidence = unit.evidence(start, end, "rule:place-ner" if not dateline else rule)
        return Place(evidence, evidence.text, None, None, kind="unresolved",
                     dateline=dateline)
    if rule in ("LOC", "GPE"):
        rule = "rule:place-gazetteer"
    evidence = unit.evidence(start, end, rule)
    return Place(evidence, candidate.name, candidate.country_iso3, candidate.cameo_code,
                 admin1=candidate.admin1, latitude=candidate.latitude,
                 longitude=candidate.longitude, geonames_id=candidate.geonames_id,
                 kind=candidate.kind, dateline=dateline)


# -- linking ----------------------------------------------------------------------------------
def _tier(place_root, verb) -> int | None:
    """How strongly the place at ``place_root`` is the verb's location (smaller is stronger;
    None: not at all). See the module docstring for the tiers."""
    preposition = None  # the first preposition above the place, "of" aside
    through_subject = crossed_clause = conjoined = False
    token = place_root
    steps = 0
    while token.i != verb.i and token.head.i != token.i and steps < 40:
        head = token.head
        if preposition is None and token.lower_ != "of" and (
                token.dep_ in ("prep", "agent") or token.pos_ == "ADP"):
            preposition = token
        if head.i == verb.i and token.dep_ in _SUBJECT_DEPS:
            through_subject = True
        if token.i != place_root.i and token.dep_ in PLACE_CLAUSE_DEPS and token.pos_ in (
                "VERB", "AUX"):
            # the place sits in a clause below another verb: only a verb conjoined to this
            # one ("shot and killed two men in Thanto") shares its place
            conjoined = not crossed_clause and token.dep_ == "conj" and head.i == verb.i
            crossed_clause = True
        token = head
        steps += 1
    if token.i == verb.i:
        if crossed_clause:
            return 3 if conjoined and _locative(preposition) else None
        if _locative(preposition):
            return 0 if preposition.head.i == verb.i else 1
        if through_subject or preposition is not None:
            return None
        if _argument_of(place_root, verb).dep_ in _OBJECT_DEPS:
            return 2
        return None
    # Not below the verb: a locative phrase of a clause above it ("In Baghdad, police said
    # gunmen killed ...").
    return 3 if _locative_of_ancestor(place_root, verb) else None


def _locative(preposition) -> bool:
    return preposition is not None and preposition.lower_ in LOCATIVE_PREPOSITIONS


def _argument_of(token, verb):
    """The child of ``verb`` on the way up from ``token``."""
    while token.head.i != verb.i and token.head.i != token.i:
        token = token.head
    return token


def _locative_of_ancestor(place_root, verb) -> bool:
    token = place_root
    while token.head.i != token.i:
        head = token.head
        if token.pos_ == "ADP" and token.lower_ in LOCATIVE_PREPOSITIONS:
            return head.pos_ in ("VERB", "AUX") and head.is_ancestor(verb)
        if token.i != place_root.i and token.dep_ in PLACE_CLAUSE_DEPS:
            return False
        token = head
    return False


def not_actor_names(unit: ParsedUnit, places: list[Place], phrases,
                    gazetteer: Gazetteer) -> list[Place]:
    """Places checked against the names the actor dictionaries know.

    A name the dictionaries give to a group, an organisation or a region is that entity, not
    a place: "the West" is the region WST, not West, Texas; "Abu Sayyaf" is a group. A name
    they give to a country (a bare country code) is a place in that country: the gazetteer's
    reading there wins ("Bethlehem" is PSE's, not South Africa's), else the country itself
    ("Zaire" is COD, not a province of Angola); a name they code as more than a country
    (a person, "Barack Obama" USAELI; an organisation; a religion, ---MUS) is no place.
    Only a place wholly inside a dictionary name is checked: one that runs past it is a
    longer name of its own ("the West Bank"), and one beside it in a longer phrase ("the
    Japanese embassy in Lima") is where the actor is.
    """
    names = []  # (start, end) article offsets of each dictionary name, and its countries
    for phrase in phrases.values():
        for first, end, codes in phrase.names:
            last = unit.doc[end - 1]
            names.append((unit.article_char(unit.doc[first].idx),
                          unit.article_end(last.idx + len(last.text)), codes))
    kept = []
    for place in places:
        start, end = place.evidence.start, place.evidence.end
        codes = set().union(*(found for n_start, n_end, found in names
                              if n_start <= start and end <= n_end))
        # every three-letter part: "GBRGIB" (Gibraltar) is both GBR's and GIB itself
        parts = {code[i:i + 3] for code in codes for i in range(0, len(code), 3)}
        if not codes or place.cameo_code in parts or place.country_iso3 in parts:
            kept.append(place)
            continue
        # a name coded as a bare country is that country; one coded with more (USAGOV,
        # ---MUS) names a person, an organisation or a group: not a place
        countries = sorted(code for code in codes
                           if len(code) == 3 and gazetteer.country(code) is not None)
        if not countries:
            continue
        reading = gazetteer.resolve(place.evidence.text, strong=frozenset(countries))
        if reading is None or reading.country_iso3 not in countries:
            reading = gazetteer.country(countries[0])  # a country's name (or an old one)
        kept.append(_place(unit, *_tokens(unit, place), reading, place.evidence.rule))
    return kept


def _tokens(unit: ParsedUnit, place: Place) -> tuple[int, int]:
    span = unit.span(place.evidence.start, place.evidence.end)
    return span.start, span.end
