"""Which way a time expression points, from the verb that governs it in the parse.

"on Saturday" in "talks were held on Saturday" points back (the most recent Saturday),
in "talks will resume on Saturday" forward (the next one). :func:`direction` climbs
from the expression to its verb and reads tense, auxiliaries and modals:

- ``"past"``: simple past, perfect, past progressive, a past participle without auxiliary
  ("the plan outlined on Saturday"), a present-tense reporting verb ("Kerry says");
- ``"future"``: will/shall/'ll, "going to", progressive present ("are meeting on Friday");
- ``"modal"``: modals (would, could, may, ...) and infinitives ("plans to meet"): they
  look ahead, but often from a past point ("was to meet on Friday");
- ``"present"``: other present tenses (the caller decides: "the offer expires Friday"
  looks ahead, "prices are higher in January" may not);
- ``None`` when no verb is found.

Prepositions that look ahead ("by January", "until", "before") point forward unless
the verb is past.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

FUTURE_AUX = frozenset(("will", "'ll", "shall", "wo", "ll"))
MODALS = frozenset(("would", "could", "might", "may", "should", "must", "can", "'d", "ought"))
PERFECT = frozenset(("has", "have", "had", "'ve", "'s", "having"))
PAST_BE = frozenset(("was", "were"))
PRESENT_BE = frozenset(("is", "are", "am", "'re", "'m", "be", "being"))
INTENT = frozenset(("go", "plan", "expect", "intend", "hope", "aim", "schedule", "want", "seek", "agree",
                    "promise", "threaten", "vow", "prepare", "set", "due", "propose", "decide", "try",
                    "need", "wish", "pledge", "undertake", "offer", "ask", "urge", "call", "likely"))
REPORTING = frozenset(("say", "tell", "announce", "report", "add", "note", "claim", "state", "confirm",
                       "deny", "acknowledge", "admit", "declare", "insist", "warn", "explain", "disclose"))
LOOK_AHEAD = frozenset(("by", "until", "till", "before", "starting", "beginning"))
LOOK_BACK = frozenset(("since", "ago"))


def direction(span: Span, prev_word: str | None = None) -> str | None:
    """``"past"``, ``"future"``, ``"modal"``, ``"present"`` or None for ``span``; see the module docstring."""
    verb = governing_verb(span)
    tense = verb_tense(verb) if verb is not None else None
    if prev_word in LOOK_BACK and tense != "future":
        return "past"
    if prev_word in LOOK_AHEAD and tense != "past":
        return "future"
    return tense


def governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def verb_tense(verb: Token, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    tag = verb.tag_
    if words & FUTURE_AUX:
        return "future"
    if words & MODALS:
        return "past" if words & {"have", "'ve"} else "modal"
    if tag == "MD":
        return "modal"
    if "to" in words and tag == "VB":  # an infinitive: "plans to meet", "agreed to meet", "was to meet"
        head = verb.head
        if head is verb or depth > 2 or head.lemma_ in INTENT or verb.dep_ != "xcomp":
            return "modal"
        tense = verb_tense(head, depth + 1)
        return "modal" if tense in (None, "present") else tense
    if words & {"did"}:
        return "past"
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if words & (PERFECT | PAST_BE):
            return "past"
        if words & PRESENT_BE:
            return "future" if verb.lemma_ in INTENT else "present"
        return "past"  # reduced relative: "the plan outlined on Saturday"
    if tag == "VBG":
        if words & (PAST_BE | PERFECT):
            return "past"
        if words & PRESENT_BE:
            return "future"
        head = verb.head
        if head is not verb and depth < 2 and head.pos_ in ("VERB", "AUX"):
            return verb_tense(head, depth + 1)
        return None
    if tag in ("VBZ", "VBP"):
        if verb.lemma_ in REPORTING:
            return "past"
        return "present"
    return None
