"""Code events from a dependency parse: verb dictionary + patterns + grammatical roles.

For each verb the dictionary knows:

* the code comes from the best matching pattern of the verb's class, else the verb form's own
  code, else the class code (``---`` means "no event");
* the source is the subject (with its conjuncts), the ``by`` agent of a passive, or, for a
  verb with no subject of its own (``agreed to set up``, ``met X and signed``), the subject
  of the verb it depends on; a pattern's ``$`` overrides it;
* the target is the object, the passive subject, or the first actor in a prepositional
  object or elsewhere after the verb in its clause; a pattern's ``+`` overrides it;
* "X said (that) Y ...": when the reported clause codes an event, the statement itself is not
  coded again, and a reported clause without a subject takes the speaker as source;
* negation ("did not agree") gives a ``negated`` event and may/might/could or an if-clause a
  ``hypothetical`` one, never a plain event, unless a pattern spells the negation out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dictionaries import Dictionaries
from ..dictionaries.verbs import VerbForm
from ..model import Actor, Event, Evidence
from ..nlp import ParsedUnit
from ..nlp.syntax import (
    ADVERBIAL_RELATIVES,
    APPEAL_LEMMAS,
    BELIEF_LEMMAS,
    CONDITIONAL_MARKS,
    DESIGNATING_LEMMAS,
    HYPOTHETICAL_AUX,
    INTENT_HEADS,
    NAMING_LEMMAS,
    NEGATIONS,
    NOT_PREDICATE_DEPS,
    OBJECT_DEPS,
    ORDER_LEMMAS,
    PLURAL_TAGS,
    depth,
    embedding_modality,
    has_child,
    in_other_clause,
    inside_clause,
    is_reported,
    is_verb,
    negation_of,
    object_controller,
    passive_agent,
    predicate_complement,
    subject_of,
)
from .evaluation import CRITICISE, evaluation_code
from .nominal import event_noun, is_light_verb, load_nominal_tables
from .patterns import PatternMatch, TokenView, best_match
from .rules import (
    RULES,
    Coding,
    RuleContext,
    apply_rules,
    is_reported_demand,
    load_rule_tables,
    reciprocal,
)
from .tables import country_codes, lookup

#: CAMEO's "Demonstrate or rally".
DEMONSTRATE = "141"

#: CAMEO's "Make an appeal or request, not specified below".
APPEAL = "020"

#: Pronouns that stand for an act or an actor in a reported judgement ("It is a ploy").
JUDGED_PRONOUNS = frozenset({"it", "this", "that", "they", "these"})

#: CAMEO roots of disapproval and rejection: said of an act, they are said against its doer.
CRITICISM_ROOTS = frozenset({"11", "12"})
TARGET_PREPOSITIONS = {"with", "to", "against", "on", "for", "at", "from", "into", "toward",
                       "towards", "upon", "over", "in", "about", "of"}

STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PRM"}
#: CAMEO 060 "engage in material cooperation": the default of the verb dictionary's broadest
#: classes (give, manage, serve, expand, add, constitute); a verb codes it only through a
#: pattern or an act its object names, never by its class alone.
UNSPECIFIC_DEFAULT = "060"


@dataclass(slots=True)
class CodingOptions:
    """Switches the PETRARCH validation suite changes between records."""

    require_dyad: bool = False


@dataclass(slots=True)
class VerbReading:
    code: str
    rule: str
    match: PatternMatch | None
    statement: bool = False  # the verb reports speech (its own code is a 01x statement)
    noun: int | None = None  # the token of the noun that names the act (nominal events)
    judged: int | None = None  # what a reported judgement is of ("said the plan is illegal")


class EventCoder:
    def __init__(self, dictionaries: Dictionaries, options: CodingOptions | None = None,
                 rules=RULES):
        self.dictionaries = dictionaries
        self.options = options or CodingOptions()
        self.rules = rules
        self.rule_tables = load_rule_tables()
        self.nominal = load_nominal_tables()

    # -- verbs -------------------------------------------------------------------------------
    def _forms(self, token) -> list[VerbForm]:
        verbs = self.dictionaries.verbs.forms
        return verbs.get(token.text.upper()) or verbs.get(token.lemma_.upper()) or []

    def _form_fits(self, doc, token, form: VerbForm) -> bool:
        for offset, word in enumerate(form.after, start=1):
            at = token.i + offset
            if at >= len(doc) or doc[at].text.upper() != word:
                return False
        for offset, word in enumerate(reversed(form.before), start=1):
            at = token.i - offset
            if at < 0 or doc[at].text.upper() != word:
                return False
        return True

    def read_verb(self, doc, token, view: TokenView, sentence) -> VerbReading | None:
        """The code a verb token gets, and the pattern or entry behind it.

        A verb may sit in several classes (attache's additions, then the Phoenix file): the
        best pattern over all of them wins; else, for a support verb, the act its object names
        (:mod:`attache.events.nominal`) or nothing; else the first form with a code of its own
        (``---``: no act), else the first class code that is an event.
        """
        if self._attacks_an_act(token, view):
            # one attacks decisions, inquiries and statements only in words: criticism
            return VerbReading(CRITICISE, "rule:verbal-attack", None)
        if token.lemma_.lower() in NAMING_LEMMAS | DESIGNATING_LEMMAS:
            complement = predicate_complement(token)
            if complement is not None:
                reading = self._characterisation(complement)
                if token.lemma_.lower() in NAMING_LEMMAS or (
                        reading is not None and reading.code == CRITICISE):
                    return reading
        if token.lemma_ == "be" and is_reported(token):
            judgement = self._reported_judgement(token, view)
            if judgement is not None:
                return judgement
        forms = [form for form in self._forms(token) if self._form_fits(doc, token, form)]
        light = is_light_verb(token, self.nominal) and not _object_is_actor(token, view)
        announcing = light and self.nominal.light_verbs[token.lemma_.lower()] == "announcing"
        if announcing:
            nominal = self._nominal_reading(token, view)
            if nominal is not None:
                return nominal
            light = False  # a statement like any other
        if not forms:
            return self._nominal_reading(token, view) if light else None
        longest = max(len(f.before) + len(f.after) for f in forms)
        forms = [f for f in forms if len(f.before) + len(f.after) == longest]
        classes = self.dictionaries.verbs.classes
        first = token.i - len(forms[0].before)
        last = token.i + len(forms[0].after)
        unseen = _date_tokens(sentence)  # tokens no pattern item may stand for
        if _withholds_nothing(token):
            unseen.add(negation_of(token).i)  # no "NOT *" refusal
        before = [i for i in range(first - 1, sentence.start - 1, -1) if i not in unseen]
        after = [t.i for t in token.subtree
                 if t.i > last and t.i not in unseen and not in_other_clause(t, token)]
        statement = any((f.code or classes[f.verb_class].code).startswith("01") for f in forms)
        best: PatternMatch | None = None
        verb_words = frozenset(_verb_names(doc[first:last + 1]))
        for form in forms:
            match = best_match(view, before, after, classes[form.verb_class].patterns,
                               self.dictionaries.verbs.synsets, verb_words)
            if match is not None and (best is None or match.pattern.size > best.pattern.size):
                best = match
        if light and (not (forms[0].before or forms[0].after) or token.dep_ == "acl") and (
                best is None or best.pattern.generic):
            # a support verb's object names the act; a pattern of slots and function words
            # cannot say which ("held talks in Geneva" is no "+ held in $" detention); as a
            # participle on a noun, with or without a particle, the noun is its object ("the
            # raid carried out by")
            return self._nominal_reading(token, view)
        if best is not None:
            return VerbReading(best.pattern.code, best.pattern.source, best, statement)
        for form in forms:
            if form.code:  # a form's own reading decides, "---" (no act) included
                return VerbReading(form.code, form.source, None, statement) \
                    if form.code != "---" else None
            verb_class = classes[form.verb_class]
            if verb_class.code != "---" and verb_class.code.split(":")[0] != UNSPECIFIC_DEFAULT:
                return VerbReading(verb_class.code, verb_class.source, None, statement)
        return None

    def _attacks_an_act(self, verb, view: TokenView) -> bool:
        """An act of force whose object names an act or a statement ("attacked the ruling",
        "attacked the impeachment inquiry"): one attacks decisions, inquiries and
        proclamations only in words. The object must be a noun made from a verb (a bomb is a
        thing), and one act (singular) or a phrase that names no actor ("attacked positions
        of the rebels" is force)."""
        if not any((form.code or self.dictionaries.verbs.classes[form.verb_class].code)[:2]
                   in {"18", "19"} for form in self._forms(verb)):
            return False
        for child in verb.children:
            noun = self.nominal.nouns.get(child.lemma_.lower())
            if child.dep_ in {"dobj", "obj"} and noun is not None and noun.derived and (
                    child.tag_ == "NN"
                    or not any(t.i in view.phrase_of for t in _noun_phrase(child))):
                return True
        return False

    @staticmethod
    def _characterisation(*predicates, judged: int | None = None) -> VerbReading | None:
        """Naming an act or an actor: criticism or praise by the words of the predicates
        (:mod:`attache.events.evaluation`), else no event. Only the predicate's own words: a
        clause it governs is what is judged ("called it unlikely that Chile would help
        Peru"), not the judgement."""
        code = evaluation_code(" ".join(token.text for predicate in predicates
                                        for token in predicate.subtree
                                        if not inside_clause(token, predicate)))
        if code is None:
            return None
        return VerbReading(code, "rule:characterisation", None, judged=judged)

    @staticmethod
    def _urges_someone(verb, view: TokenView) -> bool:
        """A verb of urging (:data:`APPEAL_LEMMAS`) with an actor as object and an
        infinitive that actor is to do: "encouraged Germany to restrict flights"."""
        if verb.lemma_.lower() not in APPEAL_LEMMAS:
            return False
        for child in verb.children:
            controller = object_controller(child) if child.dep_ == "xcomp" else None
            if controller is not None and any(
                    token.i in view.phrase_of for token in controller.subtree):
                return True
        return False

    def _reported_judgement(self, copula, view: TokenView) -> VerbReading | None:
        """A reported clause that says what an actor, an act or "it" is ("said the Peruvian
        blockade is illegal", "It is a cynical ploy," he added) characterises it, as
        "called the blockade illegal" does: the speaker's criticism or praise of it, by the
        polarity of the predicate's own words. Not when negated, not a statement of one's
        own readiness ("we are ready to"), and not of things that are neither actors nor acts
        ("said the weather was terrible")."""
        subject, _ = subject_of(copula)
        predicates = [child for child in copula.children if child.dep_ in {"attr", "acomp"}]
        if subject is None or not predicates or negation_of(copula) is not None \
                or any(p.lemma_.lower() in INTENT_HEADS for p in predicates) \
                or any(token.dep_ == "neg" for token in subject.subtree) \
                or any(child.dep_ in {"ccomp", "xcomp", "csubj"}
                       for head in (copula, *predicates) for child in head.children):
            return None  # a clause as complement: "it" stands for it ("it is vital that")
        judged = (subject.lower_ in JUDGED_PRONOUNS or subject.lemma_.lower() in
                  self.nominal.nouns or any(t.i in view.phrase_of for t in subject.subtree))
        if not judged:
            return None
        return self._characterisation(*predicates, judged=subject.i)

    def _nominal_reading(self, verb, view: TokenView) -> VerbReading | None:
        """The act a support verb's object names, or None (the verb alone is no act). A noun
        that names an actor names no act: "government forces began" is no use of force."""
        found = event_noun(verb, self.nominal)
        if found is None or found[0].i in view.phrase_of:
            return None
        token, noun = found
        return VerbReading(noun.code, noun.source, None, noun=token.i)

    # -- roles -------------------------------------------------------------------------------
    @staticmethod
    def _with_conjuncts(token) -> list:
        return [token, *[c for c in token.conjuncts if c.i > token.i and c.pos_ != "VERB"]]

    def _phrase_actors(self, token, phrases) -> list[Actor]:
        """Actors of the phrase headed by ``token`` and its conjuncts; failing that, the first
        actor phrase inside the token's own noun phrase."""
        found: list[Actor] = []
        for part in self._with_conjuncts(token):
            if part.i in phrases:
                found.extend(phrases[part.i].actors)
        if found:
            return found
        for inner in token.subtree:
            if inner.i in phrases and not inside_clause(inner, token):
                return [actor for part in self._with_conjuncts(inner) if part.i in phrases
                        for actor in phrases[part.i].actors]
        return []

    def _sources(self, verb, phrases, request: bool = False) -> tuple[list[Actor], list[Actor]]:
        """(sources, passive-subject targets); ``request``: the verb is what its head asks
        someone to do (:func:`_is_request`)."""
        controller = object_controller(verb, request)
        if controller is not None and verb.head.lemma_.lower() in ORDER_LEMMAS:
            # an authority that orders the act does it, through those it orders ("the
            # government ordered the newspaper to suspend publication")
            return self._sources(verb.head, phrases)[0], []
        if controller is not None:
            doers = self._phrase_actors(controller, phrases)
            if doers:  # "urged India to restrict imports": India would restrict them
                return doers, []
        agent = passive_agent(verb)
        doers = self._phrase_actors(agent, phrases) if agent is not None else []
        if doers and verb.dep_ == "acl":
            # a participle on a noun: the noun is what is done, the "by" phrase who does it
            # ("the sanctions imposed by Washington", "protesters arrested by the police"); a
            # "by" phrase that names no actor is a means ("reached by radio")
            return doers, self._phrase_actors(verb.head, phrases)
        subject, passive = subject_of(verb)
        if subject is None:
            return [], []
        actors = self._phrase_actors(subject, phrases)
        if passive and subject.head.i == verb.i:
            return doers, actors
        return actors, []

    def _targets(self, verb, phrases, sources: list[Actor]) -> list[Actor]:
        source_codes = {actor.code for actor in sources}
        candidates = []
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS:
                candidates.append((0, child.i, child))
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS \
                    and child.i > verb.i:
                # a phrase put before the verb sets the scene ("In Lima, Chilean troops
                # opened fire"); the one acted on follows the verb
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        candidates.append((1, grand.i, grand))
            elif child.dep_ == "prt":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        candidates.append((1, grand.i, grand))
        found: list[list[Actor]] = []
        for rank, _, token in sorted(candidates, key=lambda item: item[:2]):
            actors = self._phrase_actors(token, phrases) or (
                self._relative_actors(token, phrases) if rank == 0 else [])
            found.append([a for a in actors if a.code not in source_codes])
        agent = passive_agent(verb)
        doers = {t.i for t in agent.subtree} if agent is not None else set()
        # the "by" phrase of a passive names who acts, never whom the act is done to
        later = [t for t in verb.subtree if t.i > verb.i and t.i in phrases
                 and t.i not in doers and not in_other_clause(t, verb)]
        # actors of the verb's own clause first, then those in clauses below it
        for token in sorted(later, key=lambda t: (inside_clause(t, verb), t.i)):
            found.append([a for a in self._phrase_actors(token, phrases)
                          if a.code not in source_codes])
        found = [actors for actors in found if actors]
        # a named actor beats a bare role noun ("bought jets from Russia": Russia, not ---MIL)
        named = [actors for actors in found if not actors[0].code.startswith("---")]
        return (named or found or [[]])[0]

    def _relative_actors(self, noun, phrases) -> list[Actor]:
        """A direct object that names no actor belongs to the subject of the relative clause
        on it: rejecting "the values that the West pursues" rejects the West. A relative of
        time, place or reason ("on a day when Chile was voting", "the city where ...") sets the
        scene; it does not say whose the object is."""
        for child in noun.children:
            if child.dep_ != "relcl" or has_child(child, {"advmod"}, ADVERBIAL_RELATIVES):
                continue
            subject = next((g for g in child.children if g.dep_ in {"nsubj", "nsubjpass"}
                            and g.lower_ not in {"that", "which", "who"}), None)
            if subject is not None:
                return self._phrase_actors(subject, phrases)
        return []

    def _noun_targets(self, noun, phrases, sources: list[Actor]) -> list[Actor]:
        """The actors of the against/with/on... phrase of a noun that names the act:
        "sanctions against Fiji", "riots against Israeli policies"."""
        source_codes = {actor.code for actor in sources}
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                for grand in child.children:
                    actors = [a for a in self._phrase_actors(grand, phrases)
                              if a.code not in source_codes]
                    if grand.dep_ == "pobj" and actors:
                        return actors
        return []

    @staticmethod
    def modality(doc, verb, match: PatternMatch | None) -> str:
        spelled_out = match is not None and any(
            doc[i].lower_ in NEGATIONS for i in match.tokens)
        if negation_of(verb) is not None and not spelled_out:
            return "negated"
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_AUX:
                return "hypothetical"
            if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
                return "hypothetical"
        if has_child(verb, {"aux"}, {"would"}) and not is_reported(verb) and any(
                child.dep_ == "advcl" and has_child(child, {"mark"}, CONDITIONAL_MARKS)
                for child in verb.children):
            # the consequence of a condition, as narrated ("if ..., the minister would face a
            # hearing"); reported, it is a conditional offer or threat ("said they would sign
            # the agreement if")
            return "hypothetical"
        return embedding_modality(verb) or "asserted"

    # -- paragraph ---------------------------------------------------------------------------
    def code_unit(self, unit: ParsedUnit, phrases: dict, skip: set[int]) -> list[Event]:
        """Every event of one parsed paragraph, sentence by sentence, in verb order;
        ``skip`` holds the (paragraph-level) numbers of discarded sentences."""
        doc = unit.doc
        phrase_of = {i: head for head, phrase in phrases.items() for i in phrase.token_ids}
        compound = frozenset(head for head in phrases
                             if len(self._phrase_actors(doc[head], phrases)) > 1)
        prepositions = {t.i: t.right_edge.i for t in doc if t.dep_ == "prep"}
        name_words = frozenset(i for i in phrase_of if doc[i].is_stop)
        view = TokenView(unit.words, [t.lemma_.upper() for t in doc], phrase_of, compound,
                         prepositions, name_words)
        events: list[Event] = []
        for number, sentence in enumerate(doc.sents):
            if number not in skip:
                events.extend(self._code_sentence(unit, sentence, phrases, view))
        return events

    def _code_sentence(self, unit: ParsedUnit, sentence, phrases, view: TokenView) -> list[Event]:
        doc = unit.doc
        readings: dict[int, VerbReading] = {}
        for token in sentence:
            if token.dep_ in NOT_PREDICATE_DEPS:
                continue  # "according to", "the disputed territory": not a predicate
            if is_verb(token) and (token.pos_ == "VERB" or token.dep_ == "ROOT"
                                   or token.lemma_ == "be" and is_reported(token)):
                reading = self.read_verb(doc, token, view, sentence)
                if reading is not None and reading.code[:2] not in {"02", "10"} and (
                        reading.match is None or reading.match.pattern.generic) \
                        and self._urges_someone(token, view):
                    # urging an actor to act asks it of them (CAMEO 02, PLOVER REQUEST);
                    # a pattern that names the act keeps its reading ("urged X to support")
                    reading = VerbReading(APPEAL, "rule:appeal", None)
                if reading is not None and reading.code != "---":
                    readings[token.i] = reading
        statements = {i: reading.statement for i, reading in readings.items()}
        for token in sentence:
            if token.pos_ == "VERB" and token.i not in readings \
                    and is_reported_demand(token, statements):
                # a reported "must" clause is a demand whatever its verb (rules.ReportedDemand)
                readings[token.i] = VerbReading("100", "", None)
        context = RuleContext({i: reading.statement for i, reading in readings.items()},
                              lambda verb: self._sources(verb, phrases)[0], self.rule_tables)
        events: list[Event] = []
        for verb_index, reading in sorted(readings.items()):
            verb = doc[verb_index]
            if self._reports_coded_clause(verb, readings):
                continue
            events.extend(self._events_for(unit, verb, reading, phrases, readings, context))
        return events

    @staticmethod
    def _reports_coded_clause(verb, readings) -> bool:
        """A statement verb whose reported clause codes an event of its own: the clause is the
        event ("Japan said it had halted aid"), whatever a pattern of the statement verb reads
        into the same words."""
        reading = readings[verb.i]
        if verb.lemma_.lower() in INTENT_HEADS:  # "vowed to fight": the fight, as a threat
            return any(child.dep_ == "xcomp" and child.i in readings for child in verb.children)
        if not (reading.statement or reading.code.startswith("01")):
            return False
        return any(child.dep_ in {"ccomp", "xcomp", "parataxis"} and child.i in readings
                   for child in verb.children)

    def _roles(self, unit: ParsedUnit, verb, match: PatternMatch | None, phrases,
               readings, noun_index: int | None = None) -> tuple[list[Actor], list[Actor]]:
        """(sources, targets) of a verb: its grammatical roles, overridden by the slots of the
        verb pattern that matched."""
        sources, passive_targets = self._sources(verb, phrases, _is_request(verb, readings))
        if not sources and verb.dep_ in {"ccomp", "parataxis"} and verb.head.i in readings:
            sources = self._sources(verb.head, phrases)[0]  # "X said it would ..."
        targets = passive_targets or self._targets(verb, phrases, sources)
        noun = unit.doc[noun_index] if noun_index is not None else None
        if noun is not None:
            # the act's own phrase names whom it is against ("imposed sanctions against")
            targets = self._noun_targets(noun, phrases, sources) or targets
        if match is not None:
            if match.source_head is not None and match.source_head in phrases:
                picked = self._phrase_actors(unit.doc[match.source_head], phrases)
                if not {a.code for a in picked} & {a.code for a in sources}:
                    sources = picked  # else keep the whole subject: "Germany and France agreed"
            if match.target_head is not None and match.target_head in phrases:
                targets = self._phrase_actors(unit.doc[match.target_head], phrases)
            subject, _ = subject_of(verb)
            if not targets and subject is not None and subject.i in match.tokens:
                # the pattern found the act in the subject ("riots ... are continuing")
                targets = self._noun_targets(subject, phrases, sources)
        return sources, targets

    def _names_a_recipient(self, verb, phrases, readings, sources: list[Actor]) -> bool:
        """Whether the words after the verb, in its clause and those below it, name someone
        it is done for: an actor of another country than its sources' ("sent soldiers to
        Peru"), or the one a clause below it aids ("deployed soldiers to help flood
        victims")."""
        own = {actor.country for actor in sources} | {"---"}
        for token in verb.subtree:
            if token.i <= verb.i:
                continue
            if token.i in phrases and any(actor.country not in own
                                          for actor in phrases[token.i].actors):
                return True
            reading = readings.get(token.i)
            if reading is not None and reading.code[:2] == "07" and any(
                    child.dep_ in OBJECT_DEPS and child.i in phrases
                    for child in token.children):
                return True
        return False

    def _act_doers(self, verb, phrases, sources: list[Actor]) -> list[Actor]:
        """Who did the act a verb of disapproval or rejection has as its object: the
        possessor, an actor adjective or the "by" phrase of an act noun ("condemned Israel's
        raid on Gaza", "the Israeli raid", "the raid by Israel"); what the act was done to
        ("on Gaza") is not whom the criticism is against."""
        source_codes = {actor.code for actor in sources}
        for noun in verb.children:
            if noun.dep_ not in {"dobj", "obj"} or \
                    noun.lemma_.lower() not in self.nominal.nouns:
                continue
            agent = next((grand for child in noun.children
                          if child.dep_ == "prep" and child.lower_ == "by"
                          for grand in child.children if grand.dep_ == "pobj"), None)
            owners = [child for child in noun.children if child.dep_ == "poss"]
            for token in (*owners, *([agent] if agent is not None else []), noun):
                doers = [actor for actor in (phrases[token.i].actors if token.i in phrases
                                             else []) if actor.code not in source_codes]
                if doers:
                    return doers
        return []

    def _events_for(self, unit: ParsedUnit, verb, reading: VerbReading, phrases,
                    readings, context: RuleContext) -> list[Event]:
        match = reading.match
        sources, targets = self._roles(unit, verb, match, phrases, readings, reading.noun)
        if reading.judged is not None:
            # the one who says it judges; what is judged is whom the judgement is of
            sources = self._sources(verb.head, phrases)[0]
            codes = {actor.code for actor in sources}
            targets = [actor for actor in self._phrase_actors(unit.doc[reading.judged],
                                                              phrases)
                       if actor.code not in codes]
        if reading.code[:2] in CRITICISM_ROOTS and not is_light_verb(verb, self.nominal):
            # (a support verb's object is its own act: "filed a complaint with Chile")
            targets = self._act_doers(verb, phrases, sources) or targets
        modality = self.modality(unit.doc, verb, match)
        if modality == "asserted" and _is_requested_act(verb, readings):
            modality = "hypothetical"
        coding = apply_rules(
            Coding(verb, reading.code, modality, sources, targets,
                   frozenset(match.tokens) if match is not None else frozenset()),
            context, self.rules)
        compound_slot = match is not None and any(
            item.kind == "compound" for item in (*match.pattern.before, *match.pattern.after))
        mutual = reciprocal(coding, self.rule_tables, compound_slot)
        sources, targets = coding.sources, coding.targets
        if self.options.require_dyad and (not sources or not (targets or mutual)):
            return []
        if not sources and not targets:
            return []
        if _is_meeting(coding.code) and match is None and reading.noun is None \
                and not (targets or mutual or _many_actors_as_subject(verb, phrases)):
            # one consults, meets or invites someone (PLOVER CONSULT: meetings, visits, calls
            # between actors); a verb read only by its class or form ("left", "came", "spoke",
            # "invited") names no one, unless its subject is many, who meet each other ("the
            # ambassadors met")
            return []
        evidence = _clause_evidence(unit, verb, reading.rule or coding.rule or "")
        events: list[Event] = []
        primary, _, reverse = coding.code.partition(":")
        # only aid (07) asks whom it is for (plover_reading): no walk for other acts
        abroad = primary[:2] == "07" and self._names_a_recipient(verb, phrases, readings,
                                                                 sources)
        made = _EventMaker(unit, verb, evidence, coding, reading.rule, abroad)
        for source in sources or [None]:
            for target in (targets or ([a for a in sources if a is not source] if mutual
                                       else [None])):
                if source is not None and target is not None and source.code == target.code:
                    continue
                events.append(made(source, target, primary))
                if reverse and source is not None and target is not None and not mutual:
                    events.append(made(target, source, reverse))
        return events


def _is_meeting(code: str) -> bool:
    """CAMEO 04 (consult) and 036 (express intent to meet or negotiate: an invitation)."""
    return code[:2] == "04" or code[:3] == "036"


def _many_actors_as_subject(verb, phrases) -> bool:
    """Whether the verb's subject names many actors: a plural actor noun ("diplomats") or
    coordinated names; "the riots in Peru" names acts, not actors."""
    subject, _ = subject_of(verb)
    return subject is not None and subject.i in phrases and (subject.tag_ in PLURAL_TAGS or any(
        token.dep_ == "conj" and not inside_clause(token, subject)
        for token in subject.subtree))


def _is_request(verb, readings) -> bool:
    """Whether the verb's head reads as a request (CAMEO 02 appeal, 10 demand)."""
    head = readings.get(verb.head.i)
    return head is not None and head.code[:2] in {"02", "10"}


def _is_requested_act(verb, readings) -> bool:
    """What one asks, urges or demands another to do ("urged India to restrict imports",
    "called on Moscow to withdraw") has not happened: the request is the event, the act a
    possibility."""
    return _is_request(verb, readings) and object_controller(verb, request=True) is not None


def _object_is_actor(verb, view: TokenView) -> bool:
    """The verb's direct object names an actor: "held the rebels", "held thousands of
    civilians" (not "imposed sanctions against Fiji": the actor there is the act's target);
    the subject of a passive is its object ("the rebels were held by police")."""
    for child in verb.children:
        if child.dep_ not in {"dobj", "obj", "nsubjpass"}:
            continue
        if any(token.i in view.phrase_of for token in _noun_phrase(child)):
            return True
    return False


def _withholds_nothing(verb) -> bool:
    """A negation that refuses nothing, though a pattern spells it out ("did NOT agree" as a
    rejection): "not yet" says the act is still to come, and a verb of belief negated over a
    clause ("did not think Uganda was serious") states an opinion."""
    return negation_of(verb) is not None and (has_child(verb, {"advmod"}, {"yet"}) or (
        verb.lemma_.lower() in BELIEF_LEMMAS and any(c.dep_ == "ccomp" for c in verb.children)))


def _noun_phrase(noun) -> list:
    """The tokens of a noun phrase without its prepositional modifiers, "of" (a part of a
    group: "thousands of civilians") aside."""
    tokens = [noun]
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ != "of" or child.dep_ in {"relcl", "acl"}:
            continue
        tokens.extend(child.subtree)
    return tokens


def _date_tokens(sentence) -> set[int]:
    """Prepositions that introduce a date or time ("on Tuesday", "in late February"): no
    pattern word stands for them ("called Kozyrev on Tuesday" is no "call on"). The dates
    themselves stay: patterns name holidays ("celebrate Eid")."""
    return {token.head.i for token in sentence
            if token.ent_type_ in {"DATE", "TIME"} and token.dep_ == "pobj"
            and token.head.dep_ == "prep"}


def _verb_names(tokens) -> set[str]:
    """How dictionary comments name a (multi-word) verb: its text and its lemma, words
    joined by ``_`` ("SUMMON", "SUMMONED", "PLAYED_DOWN", "PLAY_DOWN")."""
    return {"_".join(t.text.upper() for t in tokens), "_".join(t.lemma_.upper() for t in tokens)}


def _clause_evidence(unit: ParsedUnit, verb, rule: str) -> Evidence:
    tokens = [t for t in verb.subtree if not (inside_clause(t, verb) and t.i > verb.i + 12)]
    start, end = tokens[0], tokens[-1]
    while end.is_punct and end.i > verb.i:
        end = unit.doc[end.i - 1]
    return unit.evidence(start.i, end.i + 1, rule)


class _EventMaker:
    """Events of one coded verb, one per (source, target, code)."""

    def __init__(self, unit: ParsedUnit, verb, evidence: Evidence, coding: Coding,
                 pattern: str, abroad: bool = False) -> None:
        self.evidence = evidence
        self.abroad = abroad  # the clause names someone the act is done for
        self.verb_start = unit.article_char(verb.idx)
        self.verb_end = unit.article_end(verb.idx + len(verb.text))
        self.coding = coding
        self.pattern = pattern
        self.depth = depth(verb)
        self.lemma = verb.lemma_.lower()

    def __call__(self, source: Actor | None, target: Actor | None, code: str) -> Event:
        if self.lemma == "protest" and code[:2] == "11" and source is not None \
                and not _is_state(source):
            # a protest by a state is diplomatic (PLOVER: ACCUSE "is used for diplomatic
            # protests"); by people, activists or parties it is a demonstration (CAMEO 141)
            code = DEMONSTRATE
        reading = lookup(code)
        plover = plover_reading(reading, source, target, abroad=self.abroad, verb=self.lemma)
        return Event(
            evidence=self.evidence,
            verb_start=self.verb_start,
            verb_end=self.verb_end,
            source=source,
            target=target,
            cameo_code=code,
            root_code=reading.root_code if reading else code[:2],
            quad_class=reading.quad_class if reading else 0,
            goldstein=reading.goldstein if reading else 0.0,
            plover_type=plover[0],
            plover_mode=plover[1],
            modality=self.coding.modality,
            pattern=self.pattern,
            rule=self.coding.rule,
            clause_depth=self.depth,
        )


def plover_reading(reading, source: Actor | None, target: Actor | None = None, *,
                   abroad: bool = False, verb: str = "") -> tuple[str | None, str | None]:
    """PLOVER type and mode of a CAMEO code. PLOVER tells some acts apart by who does them to
    whom: a blockade by anyone but the state is a protest ("PROTEST obstruct"), not coercion;
    coercion and restrictions (CAMEO 170, 172) a state imposes on another country's people or
    bodies reduce relations between them ("SANCTION discontinue"), while on its own people
    they are coercion. Aid (CAMEO 07) goes to another: a state that sends or deploys its own
    armed forces or police, with no one named (``abroad``) that they are sent to or for,
    moves them (PLOVER MOBILIZE troops or police); it aids no one. CAMEO 173 joins arrest and
    legal charges; PLOVER parts them: to charge, indict, sue or prosecute (``verb``, a lemma)
    is to allege (ACCUSE allege: "sue, indict, or charge; bring to trial"), to arrest or
    detain is to coerce."""
    if reading is None:
        return None, None
    if reading.code.startswith("173") and verb in LEGAL_ACCUSATION_VERBS:
        return "ACCUSE", "allege"
    forces = _own_forces(source, target)
    if reading.code[:2] == "07" and forces is not None and not abroad:
        return "MOBILIZE", forces
    if reading.code.startswith("191") and not _is_state(source):
        return "PROTEST", "obstruct"
    if reading.code[:3] in {"170", "172"} and _is_state(source) and _foreign(source, target):
        return "SANCTION", "discontinue"
    if reading.code.startswith("174") and _is_state(target) and len(target.code) > 3 \
            and _foreign(source, target):
        return "SANCTION", "expel"  # diplomats and officials of another state
    return reading.plover_type, reading.plover_mode


#: Verbs of a legal accusation, in the PLOVER manual's words for ACCUSE "allege" ("sue,
#: indict, or charge; bring to trial"): CAMEO codes them 173 with arrests.
LEGAL_ACCUSATION_VERBS = frozenset({"charge", "indict", "sue", "prosecute"})

#: Sectors of a state's armed forces and police, and the PLOVER MOBILIZE mode of each.
FORCES_MODES = {"MIL": "troops", "COP": "police"}


def _own_forces(source: Actor | None, target: Actor | None) -> str | None:
    """The MOBILIZE mode when ``target`` is armed forces or police of the state ``source``
    (its country's, or of no country named: "sent troops"), else None."""
    if not _is_state(source) or target is None or target.country not in {"---",
                                                                          source.country}:
        return None
    return next((FORCES_MODES[sector] for sector in _sectors(target)
                 if sector in FORCES_MODES), None)


def _foreign(source: Actor | None, target: Actor | None) -> bool:
    """Both sides belong to a country (not a region or an organisation), and they differ."""
    if source is None or target is None:
        return False
    countries = {source.country, target.country}
    return len(countries) == 2 and countries <= country_codes()


def _is_state(actor: Actor | None) -> bool:
    """A country itself, or one of its state sectors (government, military, police...)."""
    if actor is None:
        return False
    return len(actor.code) == 3 or bool(set(_sectors(actor)) & STATE_SECTORS)


def _sectors(actor: Actor) -> list[str]:
    """The three-letter parts of an actor code after its country ("USAGOVLEG": GOV, LEG)."""
    return [actor.code[i:i + 3] for i in range(3, len(actor.code), 3)]


