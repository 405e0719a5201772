"""Event rules: general facts of English and of CAMEO that change what a verb codes.

The verb dictionary says what an act is ("accept" -> 03x cooperation); grammar says whether it
was done, refused, threatened, demanded or promised. Each rule states one such fact, decides
from the parse whether it holds for a verb, and rewrites the verb's coding. Rules are tried in
the order of :data:`RULES`; the first that applies is the one an event names as its ``rule``.
Their CAMEO codes by act root are data: ``attache/data/events/rule_codes.tsv``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path, read_table, table_error
from ..model import Actor
from ..nlp.syntax import (
    DEMAND_AUX,
    FUTURE_AUX,
    INTENT_HEADS,
    NEGATIONS,
    has_child,
    is_reporting_verb,
)
from .tables import lookup

RULE_NAMES = ("refusal", "threat", "intent", "reciprocal")


@dataclass(frozen=True, slots=True)
class RuleTables:
    """Per rule, the act root (two digits) -> the CAMEO code it gives (``reciprocal``: the
    roots only, each mapped to itself)."""

    codes: dict[str, dict[str, str]]

    def code(self, rule: str, root: str) -> str | None:
        return self.codes.get(rule, {}).get(root)


def load_rule_tables(path: Path | None = None) -> RuleTables:
    """Read and check a rule-codes table (E002 names the file and line of a bad row)."""
    if path is None:
        return _shipped_rule_tables()
    codes: dict[str, dict[str, str]] = {name: {} for name in RULE_NAMES}
    for row in read_table(path, 2, 3):
        rule, root, *code = row.fields
        if rule not in codes:
            raise table_error(path, row.line, f"unknown rule {rule!r}; known: "
                                              f"{', '.join(RULE_NAMES)}")
        if len(root) != 2 or not root.isdigit() or lookup(root) is None:
            raise table_error(path, row.line, f"{root!r} is not a CAMEO root code")
        if (rule == "reciprocal") != (not code):
            raise table_error(path, row.line, "reciprocal rows name a root only; other rules "
                                              "a root and a CAMEO code")
        if code and (lookup(code[0]) is None or lookup(code[0]).code != code[0]):
            raise table_error(path, row.line, f"{code[0]!r} is not a CAMEO event code")
        codes[rule][root] = code[0] if code else root
    return RuleTables(codes)


@lru_cache(maxsize=1)
def _shipped_rule_tables() -> RuleTables:
    return load_rule_tables(data_path("events", "rule_codes.tsv"))


@dataclass(slots=True)
class Coding:
    """One verb's event as the coder has read it; a rule may rewrite it."""

    verb: object  # the spaCy token
    code: str
    modality: str
    sources: list[Actor]
    targets: list[Actor]
    pattern_tokens: frozenset[int] = frozenset()  # tokens the verb pattern matched
    rule: str | None = None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(slots=True)
class RuleContext:
    """What rules may consult beyond the verb: the sentence's other coded verbs (token index
    -> whether the reading is a statement), and who said the clause a verb sits in."""

    statements: dict[int, bool]
    speakers: Callable[[object], list[Actor]]
    tables: RuleTables = field(default_factory=_shipped_rule_tables)


def states_intent(verb) -> bool:
    """A future or readiness statement: "will visit", "is ready to contribute"."""
    if has_child(verb, {"aux"}, FUTURE_AUX):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in INTENT_HEADS


def intent_words(verb) -> set[int]:
    """Token positions of the words that make a statement of intent: a pattern that already
    matched them has coded the intent itself."""
    words = {child.i for child in verb.children if child.dep_ == "aux"}
    if verb.dep_ == "xcomp":
        words.add(verb.head.i)
    return words


def is_conditional(verb) -> bool:
    """The verb carries an if/unless clause: "may halt mediation if cooperation founders"."""
    return any(child.dep_ == "advcl" and has_child(child, {"mark"}, {"if", "unless"})
               for child in verb.children)


def is_reported_demand(verb, statements: dict[int, bool]) -> bool:
    """A "must"/"should" clause reported by a statement verb ("said", "reiterated")."""
    head = verb.head
    reported = is_reporting_verb(head) or statements.get(head.i, False)
    return verb.dep_ == "ccomp" and reported and has_child(verb, {"aux"}, DEMAND_AUX)


def spelled_negation(doc, pattern_tokens: frozenset[int]) -> bool:
    """A verb pattern that spells the negation out ("not accept") has coded it already."""
    return any(doc[i].lower_ in NEGATIONS for i in pattern_tokens)


class _AssertedFromTable:
    """A rule that turns a coding of one ``modality`` whose verb passes ``verb_test`` into
    the asserted act its ``table`` of the rule tables gives for the act's root."""

    name: str
    table: str
    modality: str
    verb_test: Callable[[object], bool]

    def applies(self, coding: Coding, context: RuleContext) -> bool:
        return (coding.modality == self.modality and self.verb_test(coding.verb)
                and context.tables.code(self.table, coding.root) is not None)

    def apply(self, coding: Coding, context: RuleContext) -> None:
        coding.code = context.tables.code(self.table, coding.root)
        coding.modality = "asserted"


class Refusal(_AssertedFromTable):
    """Refusing a cooperative act is a rejection: a negated statement of intent to do it
    ("will not accept the plan", "is not ready to negotiate") is CAMEO 12x, asserted."""

    name = "rule:refusal"
    table = "refusal"
    modality = "negated"
    verb_test = staticmethod(states_intent)


class ConditionalThreat(_AssertedFromTable):
    """A conflictual act made conditional on the other side's behaviour is a threat (CAMEO
    13): "may halt mediation if cooperation founders"."""

    name = "rule:threat"
    table = "threat"
    modality = "hypothetical"
    verb_test = staticmethod(is_conditional)


class ReportedDemand:
    """What a speaker says another must do is the speaker's demand (CAMEO 10) on the one who
    must: "Russia said Sudan must return the helicopter" is RUS 100 SDN."""

    name = "rule:demand"

    def applies(self, coding: Coding, context: RuleContext) -> bool:
        return (is_reported_demand(coding.verb, context.statements)
                and bool(context.speakers(coding.verb.head)))

    def apply(self, coding: Coding, context: RuleContext) -> None:
        speakers = context.speakers(coding.verb.head)
        speaker_codes = {actor.code for actor in speakers}
        coding.targets = [actor for actor in coding.sources if actor.code not in speaker_codes]
        coding.sources = speakers
        coding.code = "100"


class StatedIntent:
    """Saying that one will do an act is a statement of intent, which CAMEO codes apart
    from the act (03x for cooperation, 13x threats for conflict): "will visit", "ready to
    contribute troops", unless the verb pattern already coded the intent."""

    name = "rule:intent"

    def applies(self, coding: Coding, context: RuleContext) -> bool:
        return (states_intent(coding.verb)
                and context.tables.code("intent", coding.root) is not None
                and not intent_words(coding.verb) & coding.pattern_tokens)

    def apply(self, coding: Coding, context: RuleContext) -> None:
        coding.code = context.tables.code("intent", coding.root)


#: The rules, in the order they are tried; the first that applies rewrites the coding.
RULES = (Refusal(), ConditionalThreat(), ReportedDemand(), StatedIntent())


def apply_rules(coding: Coding, context: RuleContext, rules=RULES) -> Coding:
    """Rewrite ``coding`` by the first rule of ``rules`` that applies to it."""
    for rule in rules:
        if rule.applies(coding, context):
            rule.apply(coding, context)
            coding.rule = rule.name
            break
    return coding


def reciprocal(coding: Coding, tables: RuleTables, compound_slot: bool) -> bool:
    """Partners in a cooperative act act on each other ("Israel and Lebanon renewed talks";
    "Galadriel and Gollum boycotted the parade" do not), unless a ``%`` pattern says so."""
    return len(coding.sources) > 1 and not coding.targets and (
        tables.code("reciprocal", coding.root) is not None or compound_slot)
