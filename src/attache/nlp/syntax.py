"""The parse-tree vocabulary every stage shares: grammatical roles, clause boundaries,
reporting verbs, modal words, and the helpers that walk a spaCy dependency tree.

One home for each idea: a stage that needs "the subject of this verb" or "is this token in
another clause" imports it from here, so the event coder, the quote finder, the dates and the
places read a sentence the same way. Where a stage must read it differently, the variant is
defined here too, under a name that says how it differs.
"""

from __future__ import annotations

#: Active subjects (clausal subjects and expletive "there"/"it" included).
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: Objects and predicative complements of a verb.
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "obj"})
#: Dependencies that start a clause of their own under their head.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis",
                         "csubj"})
#: Clauses that are not a verb's own or its complement: a coordinated verb ("rejected ... and
#: said"), an adverbial or a relative clause. A verb pattern does not reach into them.
OTHER_CLAUSE_DEPS = frozenset({"conj", "parataxis", "advcl", "relcl", "acl"})
#: Clause boundaries for where an event happened: an infinitive complement shares the place
#: of the verb it completes ("agreed to meet in Geneva": the agreement is in Geneva too),
#: while a prepositional clause ("by shelling villages in Idlib") is an act of its own.
PLACE_CLAUSE_DEPS = (CLAUSE_DEPS - {"xcomp"}) | {"pcomp"}
#: A verb with no subject of its own takes the subject of the verb it depends on through
#: these ("agreed to set up", "met X and signed", "arrived, saying").
INHERITS_SUBJECT = frozenset({"xcomp", "conj", "advcl", "acl", "acomp", "pcomp", "prep", "dep"})
#: Dependencies of words that are never a predicate: "according to", "the disputed territory".
NOT_PREDICATE_DEPS = frozenset({"prep", "amod", "compound", "aux", "auxpass"})

#: Verbs that report speech: their clause complement is what was said.
REPORTING_LEMMAS = frozenset({
    "say", "tell", "add", "state", "declare", "announce", "stress", "note", "warn", "insist",
    "explain", "claim", "report", "write", "reiterate", "repeat", "quote", "confirm", "deny",
    "emphasize", "emphasise", "argue", "comment", "remark", "assert", "allege", "predict",
    "tweet", "reply",
})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
#: Modal auxiliaries of possibility: the event may happen, it did not.
HYPOTHETICAL_AUX = frozenset({"may", "might", "could"})
#: Subordinators of a condition or an open question.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
#: Modal auxiliaries of obligation: "Sudan must return the helicopter".
DEMAND_AUX = frozenset({"must", "should"})
#: Words that make what follows a statement of intent: "ready to", "vowed to".
INTENT_HEADS = frozenset({"ready", "prepared", "willing", "plan", "intend", "promise", "pledge",
                          "vow", "swear"})
#: Verbs whose complement did not happen, as reported: what is denied, refused, failed or
#: refrained from ("denied that it attacked", "failed to reach a deal", "refused to pay").
DENIAL_LEMMAS = frozenset({"deny", "refute", "fail", "refuse", "decline", "refrain", "avoid"})
#: What follows "instead of" or "rather than" is what was not done (preposition, the word
#: before it).
INSTEAD_OF = frozenset({("of", "instead"), ("than", "rather")})
#: The nouns of those verbs: "Kenya's refusal to negotiate" negotiates nothing.
DENIAL_NOUNS = frozenset({"denial", "refutation", "failure", "refusal"})
#: Verbs of belief, doubt, hope and expectation: their complement is a possibility, not a
#: reported fact ("doubted that the US would attack", "was expected to resign").
BELIEF_LEMMAS = frozenset({"think", "believe", "doubt", "hope", "expect", "fear", "wonder",
                           "suspect", "suppose", "assume", "guess", "imagine", "speculate",
                           "anticipate", "predict"})
#: Relative adverbs: their clause tells when, where or why, not who holds the noun it
#: modifies ("on a day when Chile was voting").
ADVERBIAL_RELATIVES = frozenset({"when", "where", "why", "whereby"})
#: Verbs of threatening and warning: the act they announce, in an infinitive or a
#: preposition's clause ("threatened to strike Seoul", "warned Iraq against attacking
#: Kuwait"), has not happened; a "that" clause they report is read as said.
THREAT_LEMMAS = frozenset({"threaten", "warn"})
#: Words of likelihood, confidence and expectation (epistemic adjectives and nouns): the
#: clause they govern may happen ("it is unlikely that the EU will pay", "expressed optimism
#: that Congress would approve the aid", "confident that").
EPISTEMIC_WORDS = frozenset({"likely", "unlikely", "possible", "impossible", "probable",
                             "improbable", "doubtful", "uncertain", "confident", "optimistic",
                             "pessimistic", "optimism", "pessimism", "confidence", "hope",
                             "belief", "expectation", "fear", "prospect", "possibility",
                             "chance", "likelihood"})
#: Verbs of naming (Levin's "dub" verbs): with an object and a predicate ("called the raid a
#: crime", "described the decision as unjustified") they characterise, they do not telephone
#: or depict; what they call something, in quotes, is a quotation of the one who calls it so
#: ("called the agreement "null and void"").
NAMING_LEMMAS = frozenset({"call", "term", "label", "brand", "describe", "dub", "deem",
                           "characterize", "characterise", "refer"})
#: Verbs that name or appoint: "named them as terrorists" characterises, "named her defence
#: minister" appoints, and the titles of posts read as praise ("defence", "justice", "peace"),
#: so only a negative predicate makes them a characterisation.
DESIGNATING_LEMMAS = frozenset({"name", "designate"})
#: How far up the tree a clause looks for the verb that embeds it.
MAX_EMBEDDING = 8
#: Fine-grained tags of plural nouns ("officials", "Algerians").
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: Part-of-speech tags of predicates.
VERB_POS = frozenset({"VERB", "AUX"})
#: How far a walk up the tree may go: real sentences are shallower; the cap only stops a
#: malformed parse from looping.
MAX_CLIMB = 64


def is_verb(token) -> bool:
    return token.pos_ in VERB_POS


def is_reporting_verb(token) -> bool:
    """A verb of saying ("said", "told", "warned") used as a verb."""
    return token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_LEMMAS


def subject_of(verb, steps: int = 6):
    """(subject token, whether it is a passive subject) of ``verb``: its own, else the subject
    of the verb it depends on through :data:`INHERITS_SUBJECT` (up to ``steps`` verbs), else
    the noun a relative clause modifies ("the values that the West pursues": West pursues,
    "ministers who met": ministers met). (None, False) when there is none."""
    current = verb
    for _ in range(steps):
        # the small model sometimes hangs the subject on an auxiliary interrupted by an
        # adverbial ("China had not, as of Monday, attacked": China <- had)
        for child in (*current.children, *(grand for aux in current.children
                                           if aux.dep_ in {"aux", "auxpass"}
                                           for grand in aux.children)):
            if child.dep_ in SUBJECT_DEPS or child.dep_ in PASSIVE_SUBJECT_DEPS:
                return child, child.dep_ in PASSIVE_SUBJECT_DEPS
        if current.dep_ == "relcl":
            return current.head, False
        if current.dep_ in INHERITS_SUBJECT and current.head.i != current.i:
            current = current.head
            continue
        return None, False
    return None, False


def passive_agent(verb):
    """The object of a passive verb's "by" phrase: the one who does the act ("Iran was
    attacked by Iraq", "the sanctions imposed by Washington"), or None."""
    return next((grand for child in verb.children if child.dep_ == "agent"
                 for grand in child.children if grand.dep_ == "pobj"), None)


#: Prepositions whose object is the one asked to act in a request ("called on Moscow to
#: withdraw", "appealed to the rebels to lay down their arms").
REQUESTEE_PREPOSITIONS = frozenset({"on", "upon", "to"})
#: Verbs of ordering: an authority that orders someone to act does the act through them
#: ("the government ordered the newspaper to close": the government closes it).
ORDER_LEMMAS = frozenset({"order", "command", "instruct"})
#: Verbs of urging that do not imply the act they urge (Karttunen's non-implicatives, unlike
#: "forced" or "persuaded X to"): urging someone to act asks it of them, and the act has not
#: happened ("encouraged Germany to restrict flights").
APPEAL_LEMMAS = frozenset({"encourage", "urge", "press", "pressure", "exhort", "advise"})


def object_controller(verb, request: bool = False):
    """The object that may be the doer of an infinitive complement (object control: "urged
    India to restrict imports": India restricts; "asked the rebels to leave"), else None.
    In a ``request`` the object of "on"/"to" counts too ("called on Moscow to withdraw");
    elsewhere it does not ("went to France to meet the president": the subject meets). The
    caller decides whether the object can act: one that names no one ("closed the border
    to stop smuggling") cannot, and the infinitive is then the subject's purpose."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i == verb.i:
        return None
    for child in head.children:
        if child.i > verb.i:
            break
        if child.dep_ in {"dobj", "obj"}:
            return child
        if request and child.dep_ == "prep" and child.lower_ in REQUESTEE_PREPOSITIONS:
            found = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def inside_clause(token, top, clause_deps: frozenset[str] = CLAUSE_DEPS) -> bool:
    """Whether ``token`` sits in a clause of its own below ``top`` (a verb heading one of
    ``clause_deps`` on the way up)."""
    current = token
    while current.i != top.i and current.head.i != current.i:
        if current.dep_ in clause_deps and current.pos_ in VERB_POS:
            return True
        current = current.head
    return False


def in_other_clause(token, verb) -> bool:
    """Whether ``token`` belongs to a clause that is not the verb's own or its complement
    (:data:`OTHER_CLAUSE_DEPS`)."""
    return inside_clause(token, verb, OTHER_CLAUSE_DEPS)


def depth(token) -> int:
    """Steps from ``token`` up to the root of its sentence (0: the root)."""
    steps = 0
    while token.head.i != token.i and steps < MAX_CLIMB:
        token = token.head
        steps += 1
    return steps


def nearest_verb(token, limit: int = MAX_CLIMB):
    """The token itself when it is a verb, else its nearest verb ancestor among the next
    ``limit - 1`` heads (None: none that close)."""
    for _ in range(limit):
        if token.pos_ in VERB_POS:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def has_child(token, deps: frozenset[str] | set[str], words: frozenset[str] | set[str]) -> bool:
    """Whether ``token`` has a child with one of the ``deps`` whose lower-case text is one of
    ``words`` ("will" as an aux, "not" as a neg)."""
    return any(child.dep_ in deps and child.lower_ in words for child in token.children)


def negation_of(verb):
    """The word that negates ``verb``: its own "not"/"never", or one the parse hangs on its
    auxiliary ("had not announced": the small model often attaches "not" to "had")."""
    for token in (verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})):
        for child in token.children:
            if child.dep_ == "neg" and child.lower_ in NEGATIONS:
                return child
    return None


def is_reported(verb) -> bool:
    """Whether ``verb`` heads what a verb of saying reports ("said they would sign")."""
    return verb.dep_ in {"ccomp", "parataxis"} and is_reporting_verb(verb.head)


def embedding_modality(verb) -> str | None:
    """``negated`` or ``hypothetical`` when a verb above ``verb`` makes it so: a verb of
    denial, refusal or failure (:data:`DENIAL_LEMMAS`) or its noun, a negated verb ("had not
    announced plans to withdraw"), a verb of belief, hope or expectation
    (:data:`BELIEF_LEMMAS`) or one that may only have happened ("might have urged Chile to
    expel the ambassador"), a verb of threatening or warning (:data:`THREAT_LEMMAS`),
    "instead of" or "rather than" before it (negated), or a word of likelihood or
    expectation (:data:`EPISTEMIC_WORDS`) whose clause it is; None when nothing above
    changes it. The climb goes through complements, the nouns that carry them ("denied
    charges of bombing") and coordinated verbs, never out of a relative or adverbial clause
    (those describe, they are not what is said or believed), and stops at a clause under a
    condition ("if", "unless", "whether"): what it embeds is hypothetical."""
    preposition = verb.head
    if verb.dep_ == "pcomp" and preposition.i > 0 and (
            preposition.lower_, verb.doc[preposition.i - 1].lower_) in INSTEAD_OF:
        return "negated"  # "instead of attending school", "rather than signing": not done
    current = verb
    for _ in range(MAX_EMBEDDING):
        if current.i != verb.i and has_child(current, {"mark"}, CONDITIONAL_MARKS):
            return "hypothetical"  # under a condition: "if parliament votes to expel him"
        head = current.head
        if head.i == current.i or current.dep_ in {"relcl", "advcl", "parataxis"}:
            return None
        coordinated = current.dep_ == "conj"
        through = current.dep_
        current = head
        if through in {"ccomp", "acl"} and (head.lemma_.lower() in EPISTEMIC_WORDS or any(
                child.dep_ in {"acomp", "oprd"} and child.lemma_.lower() in EPISTEMIC_WORDS
                for child in head.children)):
            return "hypothetical"  # "optimism that Congress would", "it is unlikely that"
        if head.pos_ == "NOUN" and head.lemma_.lower() in DENIAL_NOUNS:
            return "negated"  # "the refusal to accept", "the failure of the talks to"
        if coordinated or not is_verb(head):
            continue
        lemma = head.lemma_.lower()
        if lemma in DENIAL_LEMMAS or negation_of(head) is not None:
            return "negated"
        if lemma in BELIEF_LEMMAS or has_child(head, {"aux"}, HYPOTHETICAL_AUX):
            return "hypothetical"  # "doubted that", "might have encouraged him to"
        if lemma in THREAT_LEMMAS and through in {"xcomp", "prep"}:
            return "hypothetical"  # "threatened to strike", "warned Iraq against attacking"
    return None


def predicate_complement(verb):
    """The predicate a verb of naming gives its object ("called the deal a success",
    "termed it a provocation", "described the move as illegal") or, in the passive, its
    subject ("the move was described as illegal"), or None."""
    objects = [child for child in verb.children if child.dep_ in {"dobj", "obj"}]
    passive = any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children)
    for child in verb.children:
        if child.dep_ in {"oprd", "xcomp"} and child.pos_ in {"ADJ", "NOUN", "PROPN"}:
            # also with no object parsed: the small model folds it into the predicate
            # ("called [Turkey's drilling] illegal")
            return child
        if child.dep_ == "prep" and child.lower_ == "as" and (objects or passive):
            return next(iter(child.children), None)
    if not objects:
        return None
    if len(objects) > 1:  # two objects: the second is what the first is called
        return objects[1]
    # the small model often hangs the predicate noun on the object: "called [the stabbing]
    # [an act of barbarity]"
    return next((child for child in objects[0].children
                 if child.dep_ in {"dobj", "appos"} and child.i > objects[0].i), None)
