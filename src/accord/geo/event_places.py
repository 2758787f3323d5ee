"""Where each event happened (layer ``event_places.v1``): ``event.place`` is a Place's id.

The rule (tables in ``data/geo/event-places.tsv``), first that applies:

1. **own place phrase** (``place_basis`` "text"): a place reached from the event's clause
   through a locative preposition ("went on a rampage [through Paris]", "attacked a post
   [near Aleppo]", "outlined a plan [in Vienna]"), not through the subject ("the attacks
   in Paris amplified ..."), the nearest in the parse first; or, for a "where" relative
   clause ("Syria, [where] 250,000 people have been killed"), the place it describes;
2. **the dateline's place** (``place_basis`` "dateline"): for statements, appeals, intents,
   consultations, meetings and diplomacy (CAMEO roots 01 to 05, which hold the meetings
   036, 042-046), when the reporter tells them as fact on the story's day (not reported
   by someone else: no attribution; not hypothetical or negated; dated the document's date): the dateline's
   most specific place (VIENNA rather than AUSTRIA);
3. else none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors
from accord.nlp.syntax import event_clause, trigger_root
from accord.records import Analysis, Event, Place

MAX_HOPS = 5  # from the place up to the event's clause head
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
SPECIFIC = ("city", "other", "admin", "country", "region")  # the dateline's place: the first of these


@dataclass(frozen=True)
class Rules:
    preps: frozenset[str]
    dateline_codes: tuple[str, ...]
    no_dateline_modalities: frozenset[str]


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    text, name, _ = read_data(None, "geo/event-places.tsv")
    table: dict[str, list[str]] = {"prep": [], "dateline": [], "modality": []}
    problems = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or cols[0] not in table or not cols[1].strip():
            problems.append(Errors.A201.format(path=name, line=lineno,
                                               problem="expected kind<TAB>value with kind prep, dateline or modality"))
            continue
        table[cols[0]].append(cols[1].strip())
    if problems:
        raise DataFileError(name, problems)
    return Rules(frozenset(table["prep"]), tuple(table["dateline"]), frozenset(table["modality"]))


def place_events(doc: Doc, analysis: Analysis) -> None:
    """Set ``place`` and ``place_basis`` of every event, in place."""
    rules = load_rules()
    by_token = _place_index(doc, analysis.places)
    dateline_place = _dateline_place(analysis)
    for event in analysis.events:
        own = _own_place(doc, event, by_token, rules)
        if own is not None:
            event.place, event.place_basis = own.id, "text"
        elif dateline_place is not None and _at_dateline(event, analysis, rules):
            event.place, event.place_basis = dateline_place.id, "dateline"
        else:
            event.place, event.place_basis = None, "none"


def _place_index(doc: Doc, places: list[Place]) -> dict[int, Place]:
    index: dict[int, Place] = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                index.setdefault(tok.i, place)
    return index


def _own_place(doc: Doc, event: Event, by_token: dict[int, Place], rules: Rules) -> Place | None:
    clause = event_clause(doc, event)
    best: tuple[int, int, Place] | None = None
    for i in clause:
        place = by_token.get(i)
        if place is None:
            continue
        hops = _locative_hops(doc[i], clause, rules)
        if hops is not None and (best is None or (hops, i) < best[:2]):
            best = (hops, i, place)
    if best is not None:
        return best[2]
    root = trigger_root(doc, event)
    if root is not None and root.dep_ == "relcl" and any(c.lower_ == "where" for c in root.children):
        return by_token.get(root.head.i)
    return None


def _locative_hops(tok: Token, clause: set[int], rules: Rules) -> int | None:
    """Steps from a place word up to its clause's head, if only locative prepositions govern it
    and no subject lies on the way ("the attacks in Paris [amplified]"); None otherwise."""
    hops, seen_prep = 0, False
    while tok.head.i != tok.i and tok.head.i in clause and hops < MAX_HOPS:
        if tok.dep_ in SUBJECT_DEPS:
            return None
        head = tok.head
        if head.dep_ == "prep":  # every preposition on the way is locative ("at a market in Kandahar")
            if head.lower_ not in rules.preps:
                return None
            seen_prep = True
        tok, hops = head, hops + 1
    return hops if seen_prep else None


def _dateline_place(analysis: Analysis) -> Place | None:
    dateline = analysis.dateline
    if dateline is None:
        return None
    line_start = analysis.text.rfind("\n", 0, dateline.end) + 1
    inside = [p for p in analysis.places if line_start <= p.start < dateline.end and p.feature in SPECIFIC]
    return min(inside, key=lambda p: SPECIFIC.index(p.feature), default=None)


def _at_dateline(event: Event, analysis: Analysis, rules: Rules) -> bool:
    return (event.cameo.startswith(rules.dateline_codes)
            and event.modality not in rules.no_dateline_modalities and not event.attribution
            and (event.date is None or event.date == analysis.date))
