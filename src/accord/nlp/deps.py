"""The dependency labels accord reads, each label and each set of them named once.

The labels are spaCy's English ones (ClearNLP style, as en_core_web_sm gives them). Layers
never compare ``token.dep_`` with a string of their own: they call :mod:`accord.nlp.syntax`,
or test membership in a set named here, so that "subject" or "clause boundary" means one
thing wherever it is read, and a parser with other labels is one file's change. Where two
layers need different sets (the subjects an event role takes, the subjects a speaker
takes), both sets are here, side by side, each with what it is for.
"""

from __future__ import annotations

# -- single labels -------------------------------------------------------------------------

NSUBJ = "nsubj"  # nominal subject of an active verb: "[Russia] attacked"
NSUBJPASS = "nsubjpass"  # nominal subject of a passive verb: "[Turkey] was attacked"
CSUBJ = "csubj"  # clausal subject: "[What he said] angered them"
CSUBJPASS = "csubjpass"  # clausal subject of a passive verb
EXPL = "expl"  # an empty subject: "[there] were clashes"
AGENT = "agent"  # the "by" of a passive: "was attacked [by] Russia"
DOBJ = "dobj"  # direct object
DATIVE = "dative"  # indirect object, or "to"/"for" taking one: "gave [Syria] aid"
ATTR = "attr"  # the noun after a copula: "he is [president]"
OPRD = "oprd"  # object predicate: "named him [envoy]"
POBJ = "pobj"  # object of a preposition
PREP = "prep"  # a preposition (its phrase hangs on it)
PCOMP = "pcomp"  # clausal object of a preposition: "after [signing]"
PRT = "prt"  # verb particle: "carry [out]"
XCOMP = "xcomp"  # open complement, sharing its head's subject: "agreed [to meet]"
CCOMP = "ccomp"  # clausal complement with its own subject: "said [he would go]"
ACOMP = "acomp"  # adjectival complement: "is [prepared] to send"
ADVCL = "advcl"  # adverbial clause: "[after they met], ..."
RELCL = "relcl"  # relative clause: "the group [that claimed ...]"
ACL = "acl"  # clause modifying a noun: "the attacks [claimed] by IS"
PARATAXIS = "parataxis"  # a clause set beside another: "..., Kerry [said]"
APPOS = "appos"  # apposition: "Lavrov, [the foreign minister],"
CONJ = "conj"  # a coordinated word or clause
CC = "cc"  # the coordinating conjunction
PUNCT = "punct"
MARK = "mark"  # subordinator: "[if]", "[that]", "[after]"
AUX = "aux"  # auxiliary: "[will] meet"
AUXPASS = "auxpass"  # passive auxiliary: "was killed"
NEG = "neg"  # negation: "did [not] meet"
ADVMOD = "advmod"
NPADVMOD = "npadvmod"  # a noun used as an adverb: "[Friday]"
TMOD = "tmod"  # temporal modifier
AMOD = "amod"  # adjective modifier
COMPOUND = "compound"  # a noun modifying a noun: "[peace] talks"
POSS = "poss"  # possessor: "[Syria]'s army"
NMOD = "nmod"
NUMMOD = "nummod"
DET = "det"
CASE = "case"  # the possessive "'s"
META = "meta"
DEP = "dep"  # a dependency the parser could not label
ROOT = "ROOT"  # a sentence's head

# -- subjects ------------------------------------------------------------------------------

# The doer of an active verb, nominal or clausal: an event's source.
ACTIVE_SUBJECTS = frozenset({NSUBJ, CSUBJ})
# The undergoer made subject of a passive verb: an event's target.
PASSIVE_SUBJECTS = frozenset({NSUBJPASS, CSUBJPASS})
# Every subject, either voice: who an event involves first (events.coder's roles).
SUBJECTS = ACTIVE_SUBJECTS | PASSIVE_SUBJECTS
# Noun-phrase subjects of either voice: what a pronoun may take as its antecedent (actors).
NOMINAL_SUBJECTS = frozenset({NSUBJ, NSUBJPASS})
# The speaker of a cue verb: its active nominal subject only (attribution.quotes).
SPEAKER_SUBJECTS = frozenset({NSUBJ})
# Whatever fills the subject position, "there" included: whether a verb has a subject of its
# own, or borrows its head's (events.classify's pattern sides).
SUBJECT_SLOTS = SUBJECTS | {EXPL}
# The subject position and the passive's "by": a place reached through these is where the
# subject is, not where the event happens (geo.event_places).
SUBJECT_OR_AGENT = SUBJECT_SLOTS | {AGENT}
# Children that make a verb passive: its speaker is the "by" agent, not a subject (quotes).
PASSIVE_MARKS = frozenset({NSUBJPASS, AUXPASS})

# A verb attached to another by these shares that verb's subject when it has none of its own:
# "Rebels attacked and [burned] ...", "agreed [to meet]", "..., [saying] ...".
SHARES_SUBJECT = frozenset({XCOMP, CONJ, ADVCL})
# The same and a preposition's clausal object ("by [signing] ..."): the walk of the event roles
# and of the speaker finder, which also step up from a "pcomp".
SHARES_SUBJECT_OR_PCOMP = SHARES_SUBJECT | {PCOMP}

# -- objects and prepositions --------------------------------------------------------------

# A verb's nominal complements: where its target is looked for first.
OBJECTS = frozenset({DOBJ, DATIVE, ATTR, OPRD})
# The objects proper, without copula and predicate nouns: "urged [Washington] to lift sanctions".
DIRECT_OBJECTS = frozenset({DOBJ, DATIVE})
# Right-side children that carry a preposition (or are one): the prepositional slots of the
# verb dictionary's patterns.
PREPOSITIONAL = frozenset({PREP, AGENT, DATIVE, PRT})

# -- clauses -------------------------------------------------------------------------------

# The dependents that start a clause of their own under a verb.
CLAUSES = frozenset({CCOMP, XCOMP, ADVCL, RELCL, ACL, PARATAXIS, CONJ})
# Where an event's own clause stops (events, and the dates, places and counts found in an
# event's clause): the clauses under it and a clausal subject.
CLAUSE_BOUNDARIES = CLAUSES | {CSUBJ}
# The clauses a reporting verb hands its content to: "said [he would go]", "..., Kerry [said]".
REPORTED_CLAUSES = frozenset({CCOMP, PARATAXIS, XCOMP})
# Complement clauses proper: the clause a governing verb's subject speaks or decides about.
COMPLEMENTS = frozenset({CCOMP, XCOMP})
# Auxiliaries of either voice: "[will] meet", "[was] killed".
AUXILIARIES = frozenset({AUX, AUXPASS})
# Where a negating word may hang on a verb: "did [not] meet", "[never] met".
NEGATION_SLOTS = frozenset({NEG, ADVMOD})

# -- noun phrases --------------------------------------------------------------------------

# Where a noun phrase stops when it is read from its head: the clauses, appositions and
# coordinated members hanging on it ("Mali's opposition leader[, who ...]").
PHRASE_BOUNDARIES = frozenset({RELCL, ACL, ADVCL, CCOMP, APPOS, CONJ, CC, PUNCT, PARATAXIS})
# What the walk from a noun phrase's head to the nearest actor mention in it does not cross
# (coordinated members are actors of their own, taken one by one).
MENTION_BOUNDARIES = frozenset({RELCL, ACL, CCOMP, ADVCL, XCOMP, PARATAXIS, APPOS, CONJ})
# Modifiers inside a noun phrase, where the mention that names it may sit (actors' antecedents).
NOUN_MODIFIERS = frozenset({COMPOUND, AMOD, POSS, NMOD, DET, APPOS})
# A verb's right-side children that are not its own arguments: other clauses, punctuation
# (events.classify's object side).
NOT_ARGUMENTS = frozenset({PUNCT, CC, CONJ, PARATAXIS, ADVCL, CCOMP, MARK, RELCL, APPOS, DEP, META})

# -- parts of speech -----------------------------------------------------------------------

VERBAL = frozenset({"VERB", "AUX"})  # a verb or an auxiliary (a clause's head)
NOMINAL = frozenset({"NOUN", "PROPN"})  # nouns and names
NOMINAL_OR_PRONOUN = NOMINAL | {"PRON"}
RELATIVE_PRONOUN_TAGS = frozenset({"WP", "WDT"})  # "who", "which", "that" in a relative clause
