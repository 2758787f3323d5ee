"""Find actor mentions in a parsed document and resolve them to codes valid on its date.

Rules, in order (each mention's ``rule`` says which one made it):

1. KB phrases, longest first (up to 8 tokens), preferring spans that match a spaCy entity;
   the code is the record's role on the date (``kb:<file>:<line>``).
2. A country followed by an agent noun: "Syrian opposition" -> SYROPP, "French police" ->
   FRACOP, "Syria's foreign minister" -> SYRGOV, "Turkish Kurd refugees" -> TURREF
   (``kb:...+agent:...``); an organisation or group keeps its own code ("UN envoy"), a
   capital standing for its government does not ("Moscow police" -> RUSCOP). A country
   before a people word is where they live: "Bosnian Serbs" -> BIH (``kb:...+people``).
3. A title before a person: "Syria's President Bashar al-Assad", "his Russian counterpart
   Sergei Lavrov" are one mention with the person's code; a titled person the KB lacks gets
   the title's code ("Pakistan President X" -> PAKGOV, "President X" -> GOV, ``title:...``),
   and so does a known person with no role on the date or a role in another country than
   the title states (``kb:...+title:...``).
4. An agent noun followed by "of"/"in" and a place: "the president of Armenia" -> ARMGOV,
   "rebels in Angola" -> AGOREB ("in" not for troops, often abroad); "Albanians of Kosovo"
   -> KSV (``agent:...+of:kb:...``). The mention spans the whole phrase, head noun included.
5. Generic agents with no country: "gunmen" -> UAF, "ministers" -> GOV (``agent:...``).
6. Apposition: a person with no code takes the code of the phrase beside it, after or
   before a comma ("X, the UN relief coordinator,"; "Qatar's emir, X") (``appos:...``); a
   known person with no role on the date and no title falls back to the country of the
   nearest role, as an elite (``...+former``: PAKELI). An organisation or named group the KB
   lacks does too, where the apposition closes ("the Zorvan Front, a Malian rebel group," ->
   MLIREB; not a list "the Zorvan Front, the Malian army and ...").
6b. A named person or group the KB lacks, right after a nationality, a possessive country or a
   phrase ending in an agent noun, takes its code: "Malian rebel group the Zorvan Front" ->
   MLIREB, "Kenyan Raila Odingo" -> KEN (``modifier:...``).
7. A surname alone, for a person named in full elsewhere in the document (``surname``);
   "Mr. X", which the honorific left with no code, takes the full name's (``...+surname``).
8. he/him/his/she/her -> the latest person mention in this or the two sentences before;
   it/its/they/them/their -> the subject of the verb whose complement holds the pronoun
   ("Uganda said it had paid"), else for a possessive the subject of its own clause, else the
   latest country, organisation or group in this or the previous sentence (``pronoun``); see
   :class:`_Antecedents`. A generic agent after a resolved possessive takes its country:
   "their forces" after "Bosnian Serbs said" -> BIHMIL (``pronoun+agent:...``); a possessive
   before anything else ("its dispute with") is no mention.

:func:`entities_from_doc` marks the names the KB lacks as ``provisional`` or ``unresolved``
for :mod:`accord.actors.discovery`.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from accord.actors.kb import ActorKB, ActorRecord, Agent, nearest_role, normalize, role_on, token_key
from accord.nlp.mentions import ActorMention
from accord.records import Actor, Entity

MAX_TOKENS = 8
# Name particles that may start a name in lower case: "al-Qaeda", "de Mistura".
PARTICLES = frozenset("al el ad as ash de da di du van von der bin ibn le la".split())
JOINERS = frozenset({"-", ".", "'", "’", "&"})  # punctuation that can sit inside a phrase
PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
TITLE_PREPOSITIONS = frozenset({"of", "to", "for", "in"})
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your"})
POSSESSIVE = frozenset({"'s", "’s", "'"})
MODIFIER_TYPES = frozenset({"country", "organisation", "group"})
SINGLE_TOKEN_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
NAMED_LABELS = frozenset({"GPE", "ORG", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
THING_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
COMPLEMENTS = frozenset({"ccomp", "xcomp"})
NP_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "appos"})
# "it" as the subject of these verbs is mostly impersonal ("it was clear", "it seems").
IMPERSONAL_VERBS = frozenset("seem appear happen rain matter".split())
IMPERSONAL_WORDS = frozenset(
    "clear unclear likely unlikely possible impossible important necessary difficult easy hard evident"
    " obvious true untrue time unknown certain uncertain essential vital crucial imperative".split()
)
# Nouns for people, which "it" cannot stand for; with PERSON_SUFFIXES ("spokesman", "leader",
# "activist") and not THING_NOUNS.
PERSON_NOUNS = frozenset(
    "official president resident chief envoy head king queen emir prince princess sheikh diplomat delegate"
    " candidate aide deputy secretary general judge premier counterpart representative spokesperson"
    " mediator negotiator".split()
)
PERSON_SUFFIXES = ("man", "woman", "person", "er", "or", "ist", "ant", "ee", "ian")
THING_NOUNS = frozenset(
    "power order border sector center centre chamber committee newspaper paper corridor quarter".split()
)
# Agents a person commands: "his army", "her government" take the person's country.
FORCE_SECTORS = frozenset({"MIL", "COP", "GOV", "SPY", "REB", "INS", "UAF"})
# Nouns after a place that keep it a place: "the Tyumen region", "Kandahar province".
PLACE_NOUNS = frozenset(
    "region regions province provinces state district area city town village county republic territory"
    " territories capital border enclave valley".split()
)
# Agents that "in <place>" does not make local: troops and the like are often abroad.
ABROAD_SECTORS = frozenset({"MIL", "IGO", "SPY"})
# Tokens after an apposition that close it: "X, a rebel group, said"; "X, a rebel group."
APPOSITION_ENDS = frozenset({",", ".", ";", ":", ")", "-", "–", "—", "!", "?"})
# Endings of nationality words: "Kenyan", "Sudanese", "Turkish", "Israeli", "Arabic", "French".
DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic", "ch")


Phrases = list[tuple[int, int, str]]  # (start token, end token, key) of candidate phrases


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    record: ActorRecord | None = None
    agent: Agent | None = None


def resolve_actors(doc: Doc, kb: ActorKB, date: str | None) -> list[ActorMention]:
    """Every actor mention in ``doc``, in text order, coded on ``date`` (YYYY-MM-DD or None)."""
    toks = list(doc)  # Token objects are made once: spaCy builds a new one on every doc[i]
    keys = [token_key(t.text) for t in toks]
    sent_of, starts = _sentences(doc)
    # a phrase cannot run on into a token that starts a sentence or is punctuation ("-" and "." may sit inside)
    stops = [starts[t.i] or t.is_space or (t.is_punct and t.text not in JOINERS) for t in toks]
    tagged = doc.has_annotation("POS")
    phrases = list(_phrases(keys, stops))
    hits = _select_kb_hits(doc, _kb_candidates(doc, phrases, kb, date, tagged))
    agents = _agent_hits(phrases, kb)
    mentions = _Composer(doc, toks, kb, date, hits, agents).compose()
    mentions += _surname_mentions(doc, toks, mentions, tagged)
    mentions = _pronoun_mentions(doc, toks, keys, sent_of, kb, mentions)
    mentions = _definite_mentions(toks, sent_of, mentions)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def entities_from_doc(doc: Doc, mentions: list[ActorMention]) -> list[Entity]:
    """One Entity per spaCy entity, with the actor of the mention covering it.

    Each mention's ``actor.entity`` names the entity that best stands for it: the one
    ending where the mention ends ("John Kerry" in "U.S. Secretary of State John Kerry").

    A person, organisation or named group (PERSON, ORG, NORP) that the knowledge base does
    not know is marked for discovery (``accord.actors.discovery``): a mention with no KB
    record, coded from its context (a title, an apposition, a nationality), gets its rule
    prefixed ``provisional+`` (``unresolved+`` if it found no code); an entity no mention
    covers gets an Actor of its own with no code, ``name`` its text and rule ``unresolved``.
    Generic agents ("police", NER's "Army") are not marked.
    """
    entities: list[Entity] = []
    best: dict[int, tuple[tuple[bool, int], str, ActorMention]] = {}
    index = _Mentions(mentions)
    for n, ent in enumerate(doc.ents, start=1):
        eid = f"e{n}"
        cover = index.covering(ent.start, ent.end)
        mention = min(cover, key=lambda m: m.end - m.start) if cover else None
        actor = mention.actor if mention else None
        if actor is not None and ent.label_ in DISCOVERY_LABELS:
            _mark_provisional(actor)
        elif actor is None and _discoverable(ent, index.overlapping(ent.start, ent.end)):
            actor = Actor(ent.start_char, ent.end_char, ent.text, ent.text, None, None, None, eid, None, UNRESOLVED)
        entities.append(Entity(eid, ent.start_char, ent.end_char, ent.text, ent.label_, actor))
        if mention is not None:
            score = (ent.end == mention.end, len(ent))
            if id(mention) not in best or score > best[id(mention)][0]:
                best[id(mention)] = (score, eid, mention)
    for _, eid, mention in best.values():
        mention.actor.entity = eid
    return entities


class _Mentions:
    """Mentions in the order added, indexed by the tokens they cover, so that finding the ones
    over a span does not scan them all: a long document has thousands."""

    def __init__(self, mentions: Iterable[ActorMention] = ()):
        self.all: dict[int, ActorMention] = {}  # by id(), in the order added
        self.at: dict[int, list[ActorMention]] = {}  # token -> the mentions over it, in the order added
        for m in mentions:
            self.add(m)

    def add(self, m: ActorMention) -> None:
        self.all[id(m)] = m
        for i in range(m.start, m.end):
            self.at.setdefault(i, []).append(m)

    def remove(self, m: ActorMention) -> None:
        del self.all[id(m)]
        for i in range(m.start, m.end):
            self.at[i] = [o for o in self.at[i] if o is not m]

    def covering(self, start: int, end: int) -> list[ActorMention]:
        """The mentions holding all of tokens start:end, in the order added."""
        return [m for m in self.at.get(start, ()) if end <= m.end]

    def overlapping(self, start: int, end: int) -> list[ActorMention]:
        """The mentions over any of tokens start:end, each once."""
        found = {id(m): m for i in range(start, end) for m in self.at.get(i, ())}
        return list(found.values())


PROVISIONAL, UNRESOLVED = "provisional", "unresolved"
DISCOVERY_LABELS = frozenset({"PERSON", "ORG", "NORP"})


def _mark_provisional(actor: Actor) -> None:
    """Prefix the rule of a named actor the KB does not know (done once per actor)."""
    rule = actor.rule or ""
    if actor.kb_id is not None or rule.startswith(("agent:", "pronoun", PROVISIONAL, UNRESOLVED)):
        return
    actor.rule = f"{PROVISIONAL if actor.code else UNRESOLVED}+{rule}" if rule else UNRESOLVED


def _discoverable(ent: Span, overlapping: list[ActorMention]) -> bool:
    """A person, organisation or named group that no mention stands for, holding no other
    actor than a place in its name ("Karbala" in "the Karbala Brigade"; not "Daesh (Islamic
    State", which is the tagger cutting known names wrong). ``overlapping``: the mentions over
    any of its tokens."""
    if not (ent.label_ in ("PERSON", "ORG") or (ent.label_ == "NORP" and _group_word(ent))):
        return False
    return all(m.kind == "country" and ent.start <= m.start and m.end <= ent.end for m in overlapping)


# ---- rule 1: KB phrases ----


def _kb_candidates(doc: Doc, phrases: Phrases, kb: ActorKB, date: str | None, tagged: bool) -> list[_Hit]:
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    person_at = {i: e for e in persons for i in range(e.start, e.end)}  # entities never overlap
    out = []
    reach: dict[int, int] = {}  # start token -> furthest end of a phrase hit starting there
    for start, end, key in phrases:
        if kb.has_key(key) and _plausible(doc[start:end], key, tagged, person_at.get(start)):
            out.append(_Hit(start, end, _best_record(kb.candidates(key), date)))
            reach[start] = max(reach.get(start, 0), end)
    for ent in persons:  # a misspelt name ("Steffan de Mistura"): the closest spelling, same surname
        covered = any(reach.get(s, 0) >= ent.end for s in range(ent.start - MAX_TOKENS + 1, ent.start + 1))
        if len(ent) > 1 and not covered:
            record = kb.fuzzy_person(normalize(ent.text), normalize(ent[-1].text))
            if record is not None:
                out.append(_Hit(ent.start, ent.end, record))
    return out


def _phrases(keys: list[str], stops: list[bool]) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of every run of up to MAX_TOKENS tokens that could be a phrase."""
    n = len(keys)
    for i in range(n):
        if not keys[i]:
            continue
        key = ""
        for j in range(i, min(i + MAX_TOKENS, n)):
            if j > i and stops[j]:
                break
            if keys[j]:  # a "-" adds nothing: no new phrase ends on it
                key += keys[j]
                yield i, j + 1, key


def _plausible(span: Span, key: str, tagged: bool, person: Span | None) -> bool:
    """Guards against common words that happen to be aliases ("us", "is", "May"); ``person``: the
    PERSON entity over the span's first token, if any."""
    first = span[0]
    if not (first.text[:1].isupper() or first.text[:1].isdigit()):
        if first.lower_ not in PARTICLES or not any(t.text[:1].isupper() for t in span[1:]):
            return False
    if len(key) <= 3 and not "".join(t.text for t in span).replace(".", "").isupper():
        return False  # "UN", "U.S.", "IS" only in capitals
    if len(span) == 1 and tagged and first.pos_ not in SINGLE_TOKEN_POS and not first.text.isupper():
        return False
    if person is not None and span.end < person.end and person[-1].tag_ not in PLURAL_TAGS:
        return False  # "Albert" inside "Albert Einstein" is not the KB's Albert; but "Bosnian" in a
    return True  # "Bosnian Serbs" taken for a person is a country


def _best_record(records: list[ActorRecord], date: str | None) -> ActorRecord:
    """Among records sharing an alias, one holding a dated role on the date, else the first."""
    for record in records:
        role = role_on(record, date)
        if role is not None and (role.start or role.end):
            return record
    return records[0]


def _select_kb_hits(doc: Doc, hits: list[_Hit]) -> list[_Hit]:
    """Longest first; among equals, the one that is exactly a spaCy entity; no overlaps."""
    ents = {(e.start, e.end) for e in doc.ents}
    ranked = sorted(hits, key=lambda h: (h.start - h.end, (h.start, h.end) not in ents, h.start))
    taken = [False] * len(doc)
    chosen = []
    for hit in ranked:
        if not any(taken[hit.start : hit.end]):
            taken[hit.start : hit.end] = [True] * (hit.end - hit.start)
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _agent_hits(phrases: Phrases, kb: ActorKB) -> list[_Hit]:
    """Longest agent phrases (any case), left to right, not overlapping each other."""
    longest: dict[int, _Hit] = {}
    for start, end, key in phrases:
        if (agent := kb.agents.get(key)) is not None:
            longest[start] = _Hit(start, end, agent=agent)
    hits: list[_Hit] = []
    for start in sorted(longest):
        if not hits or start >= hits[-1].end:
            hits.append(longest[start])
    return hits


# ---- rules 2 to 6: agents, titles, places, generic agents, appositions ----


class _Composer:
    """Builds mentions from KB and agent hits; tokens used by one mention are not reused."""

    def __init__(
        self, doc: Doc, toks: list[Token], kb: ActorKB, date: str | None, hits: list[_Hit], agents: list[_Hit]
    ):
        self.doc, self.toks, self.kb, self.date = doc, toks, kb, date
        self.hits = hits
        self.kb_end = {h.end: h for h in hits}
        self.kb_start = {h.start: h for h in hits}
        self.hit_at = {i: h for h in hits for i in range(h.start, h.end)}
        self.agents = agents
        self.agent_end = {a.end: a for a in agents}
        self.agent_start = {a.start: a for a in agents}
        self.agent_at = {i: a for a in agents for i in range(a.start, a.end)}
        self.used = [False] * len(doc)
        self.mentions = _Mentions()
        self.person_ents = [e for e in doc.ents if e.label_ == "PERSON"]
        self.person_ending = {e.end: e for e in self.person_ents}  # entities never overlap: one per end
        self.named_at = {i: e for e in doc.ents if e.label_ in NAMED_LABELS for i in range(e.start, e.end)}
        self.tagged = doc.has_annotation("POS")
        self.parsed = doc.has_annotation("DEP")
        self.roleless: list[tuple[ActorMention, ActorRecord]] = []  # known people with no role on the date

    def compose(self) -> list[ActorMention]:
        person_ents = self.person_ents
        for hit in self.hits:
            if hit.record is not None and hit.record.type == "person":
                self._titled(hit.start, hit.end, hit.record)
        for ent in person_ents:  # titled people the KB does not know
            if self._free(ent.start, ent.end) and not any(i in self.hit_at for i in range(ent.start, ent.end)):
                self._titled(ent.start, ent.end, None)
        for hit in self.hits:  # "Syrian opposition", "Bosnian Serbs", "Albanians of Kosovo"
            if not self.used[hit.start]:
                self._with_agent(hit)
        for agent in self.agents:  # "the president of Armenia", "rebels in Angola"
            if self._free(agent.start, agent.end):
                self._located(agent)
        for hit in self.hits:
            if not self.used[hit.start] and hit.record is not None:
                self._add(hit.start, hit.end, hit.record, None, f"kb:{hit.record.source}")
        for agent in self.agents:
            if self._free(agent.start, agent.end):
                self._generic(agent)
        if self.parsed:
            self._appositions()
        self._modified_names()
        self._former_roles()
        return list(self.mentions.all.values())

    # A person, with the title before the name if there is one.
    def _titled(self, start: int, end: int, record: ActorRecord | None) -> None:
        matched = start
        ent = self.person_ending.get(end)  # "Benjamim Netanyahu": the KB knows the surname only
        if ent is not None and ent.start < start and not any(self.used[ent.start : start]):
            start = ent.start
        title: _Hit | None = self.agent_start.get(start) if record else None  # "Secretary Kerry"
        if title is not None and title.end > end:
            title = None
        p = start
        inner = self.agent_at.get(start) if record else None
        if title is None and inner is not None and inner.start < start < inner.end <= end:
            title, p = inner, inner.start  # "Vice-President" before a KB alias "President X"
        modifier: _Hit | None = None
        comma = False
        while p > 0:
            prev = self.toks[p - 1]
            kb_hit = self.kb_end.get(p)
            agent = self.agent_end.get(p)
            if kb_hit is not None and agent is not None and kb_hit.start <= agent.start and self._is_modifier(kb_hit):
                title = _better(title, agent)  # "US President": a KB phrase that holds the title
                modifier = modifier or kb_hit
                p = kb_hit.start
            elif agent is not None and self._free(agent.start, agent.end) and not self._is_person(agent):
                title = _better(title, agent)
                p = agent.start
            elif kb_hit is not None and self._is_modifier(kb_hit):
                before = kb_hit.start - 1
                if before > 0 and self.toks[before].lower_ in TITLE_PREPOSITIONS and before in self.agent_end:
                    title = _better(title, self.agent_end[before])  # "envoy to Syria"
                    modifier = modifier or kb_hit
                    p = self.agent_end[before].start
                elif title is not None:
                    modifier = modifier or kb_hit
                    p = kb_hit.start
                else:
                    break
            elif prev.text == "," and not comma and self._title_apposed(p - 1, start, end):
                comma = True  # "Russia's foreign minister, Sergei Lavrov"
                p -= 1
            elif title is not None and prev.text in POSSESSIVE and self._is_modifier(self.kb_end.get(p - 1)):
                modifier = modifier or self.kb_end[p - 1]  # "Syria's President"
                p = self.kb_end[p - 1].start
            elif title is not None and prev.pos_ == "ADJ" and not self._taken(p - 1):
                p -= 1  # "senior", "former"
            elif title is not None and prev.lower_ in DETERMINERS:
                p -= 1
                break
            else:
                break
        if title is None:
            p = start
        if record is not None:
            self._add_person(p, end, record, title, modifier, whole=matched == start)
        elif title is not None:
            self._add_titled_unknown(p, end, title, modifier)

    def _title_apposed(self, comma: int, start: int, end: int) -> bool:
        """Whether a title ends at the comma and stands in apposition to the name start:end."""
        title = self.agent_end.get(comma)
        if title is None or not self.parsed:
            return title is not None
        name = range(start, end)
        in_title = range(title.start, title.end)
        return any(self.toks[i].dep_ == "appos" and self.toks[i].head.i in in_title for i in name) or any(
            self.toks[i].dep_ == "appos" and self.toks[i].head.i in name for i in in_title
        )

    def _add_person(
        self, start: int, end: int, record: ActorRecord, title: _Hit | None, modifier: _Hit | None, whole: bool
    ) -> None:
        """A known person; the title's code stands in when the KB has no role for the date.

        Only a ``whole`` name (not a surname the KB happens to know) borrows the KB's country
        from a role held on another date."""
        role = role_on(record, self.date)
        rule = f"kb:{record.source}"
        code = self._title_code(title, modifier) if title is not None else None
        if role is None and code is not None and title is not None and title.agent is not None:
            if not whole:  # the KB knows someone else of that surname
                self._add_titled_unknown(start, end, title, modifier)
                return
            rule = f"{rule}+title:{title.agent.source}"
            near = nearest_role(record, self.date) if self.date and modifier is None and whole else None
            country = self.kb.split_code(near.code)[0] if near is not None else None
            if country is not None and self.kb.split_code(code)[0] is None:
                code, rule = _join(country, title.agent), f"{rule}+former"  # "Vice-President X": the KB says where
            self._emit(start, end, code, record.name, record.id, rule, "person")
            return
        if role is not None and code is not None and modifier is not None and modifier.record is not None:
            stated, known = self.kb.split_code(code)[0], self.kb.split_code(role.code)[0]
            if modifier.record.type == "country" and stated and known and stated != known and title is not None:
                self._add_titled_unknown(start, end, title, modifier)  # "Morocco's King Hassan" is not Jordan's
                return
        added = self._add(start, end, record, None, rule)
        if role is None and whole and added is not None:
            self.roleless.append((added, record))

    def _title_code(self, title: _Hit, modifier: _Hit | None) -> str | None:
        """The code a title phrase states: "Pakistan President" -> PAKGOV, "UN envoy" -> IGOUNO."""
        agent = title.agent
        assert agent is not None
        code = agent.code
        base = self._base_code(modifier.record) if modifier and modifier.record else None
        if base is not None and modifier and modifier.record and modifier.record.type != "country":
            code = base  # "UN envoy X" acts for the UN
        elif base is not None:
            code = _join(base, agent)
        return code

    def _add_titled_unknown(self, start: int, end: int, title: _Hit, modifier: _Hit | None) -> None:
        agent = title.agent
        assert agent is not None
        code = self._title_code(title, modifier)
        name = self.doc[self._name_start(start, end) : end].text
        self._emit(start, end, code, name, None, f"title:{agent.source}", "person")

    # A country, organisation or group, with an agent noun or a people word after it.
    def _with_agent(self, hit: _Hit) -> None:
        record = hit.record
        if record is None or record.type not in MODIFIER_TYPES:
            return
        n = len(self.doc)
        p = hit.end
        if p < n and self.toks[p].text in POSSESSIVE:
            p += 1
        q = p
        while q < n and q - p < 2:  # "Syria's foreign minister", "Turkish Kurd refugees"
            found = self.agent_start.get(q)
            if found is not None and found.agent is not None and self._free(found.start, found.end):
                agent = found.agent
                name_end = self._name_after(found)
                if name_end > found.end:  # "Kenyan Vice-President Josephat Kamau": the tagger missed the name
                    code = self._title_code(found, hit)
                    name = self.doc[found.end : name_end].text
                    self._emit(hit.start, name_end, code, name, None, f"title:{agent.source}", "person")
                    return
                self._add(hit.start, found.end, record, agent, f"kb:{record.source}+agent:{agent.source}")
                return
            if not self._skippable(q):
                break
            q += 1
        if record.type != "country":
            return
        if q > p and self._people_word(q - 1):  # "Bosnian Serbs", "Iraqi Kurds": where they live
            self._add(hit.start, q, record, None, f"kb:{record.source}+people")
        elif hit.end - hit.start == 1 and self._people_word(hit.start):  # "Albanians of southern Serbia"
            place = self._place_after(hit.start, hit.end, ("of",))
            base = self._base_code(place.record) if place and place.record else None
            if place and place.record and base and place.record.type == "country":
                self._emit(hit.start, place.end, base, None, place.record.id,
                           f"kb:{record.source}+of:kb:{place.record.source}", "country")

    def _name_after(self, title: _Hit) -> int:
        """End of a capitalised name right after a capitalised title ("President X Y"), else title.end."""
        doc = self.doc
        if not self.tagged or not all(t.text[:1].isupper() or t.is_punct for t in doc[title.start : title.end]):
            return title.end
        if self.toks[title.end - 1].tag_ in PLURAL_TAGS or not _person_noun(self.toks[title.end - 1]):
            return title.end  # "Syrian Army Command" is no person
        end = title.end
        while end < len(doc) and end - title.end < 4:
            tok = self.toks[end]  # the small model often calls an unknown name ORG
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_ not in ("", "PERSON", "ORG"):
                break
            if self.used[end] or end in self.hit_at or end in self.agent_at:
                break
            end += 1
        return end

    def _skippable(self, i: int) -> bool:
        """A word between a country and its agent: an adjective or a capitalised name ("Kurd")."""
        tok = self.toks[i]
        if self.used[i] or tok.is_punct:
            return False
        hit = self.hit_at.get(i)
        if hit is not None:  # only a one-word people or nationality word: "Kosovo Albanians"
            return hit.end - hit.start == 1 and hit.record is not None and hit.record.type == "country"
        if tok.pos_ == "ADJ" or (tok.pos_ == "NOUN" and tok.dep_ == "compound"):  # "NATO defence ministers"
            return True
        return tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper()

    def _people_word(self, i: int) -> bool:
        """A capitalised plural at the end of its phrase: "Serbs", "Kurds", "Albanians"."""
        tok = self.toks[i]
        if tok.tag_ not in PLURAL_TAGS or not tok.text[:1].isupper() or tok.ent_type_ not in ("", "NORP", "PERSON"):
            return False  # not "the Philadelphia Phillies" (an ORG)
        return i + 1 >= len(self.doc) or self.toks[i + 1].pos_ not in ("NOUN", "PROPN")

    def _place_after(self, start: int, end: int, preps: tuple[str, ...]) -> _Hit | None:
        """The country, organisation or group after "of"/"in" that follows tokens start:end."""
        n = len(self.doc)
        if end >= n or self.toks[end].lower_ not in preps:
            return None
        if self.parsed and self.toks[end].lower_ != "of" and not start <= self.toks[end].head.i < end:
            return None  # "in" must belong to the noun, not to the verb
        q = end + 1
        if q < n and self.toks[q].lower_ == "the":
            q += 1
        skipped = 0
        while q < n and skipped < 2 and q not in self.kb_start and self.toks[q].pos_ == "ADJ" and not self.used[q]:
            q, skipped = q + 1, skipped + 1  # "southern", "neighbouring"
        hit = self.kb_start.get(q)
        after = self.toks[hit.end] if hit is not None and hit.end < n else None
        if after is not None and after.pos_ in ("NOUN", "PROPN") and after.lower_ not in PLACE_NOUNS:
            return None  # "people in the French film industry": the place only modifies a noun
        return hit if self._is_modifier(hit) else None

    def _located(self, hit: _Hit) -> None:
        """An agent of a place: "the president of Armenia" -> ARMGOV, "rebels in Angola" -> AGOREB."""
        agent = hit.agent
        if agent is None or agent.code is None:
            return
        if self.tagged and self.toks[hit.end - 1].pos_ not in ("NOUN", "PROPN"):
            return
        sector = self.kb.split_code(agent.code)[1] if agent.position == "after" else "IGO"
        place = self._place_after(hit.start, hit.end, ("of",) if sector in ABROAD_SECTORS else ("of", "in"))
        if place is None or place.record is None:
            return
        record = place.record
        base = self._base_code(record)
        if base is None:
            return
        country, place_sector = self.kb.split_code(base)
        prep = self.toks[hit.end].lower_
        if record.type == "country":
            code = _join(base, agent)
        elif country is not None and place_sector == "GOV" and base == country + "GOV":
            code = _join(country, agent)  # a capital: "police in Kabul"
        elif prep == "of":
            code = base  # "the leader of Hamas"
        else:
            return
        rule = f"agent:{agent.source}+{prep}:kb:{record.source}"
        self._emit(hit.start, place.end, code, None, record.id, rule, "agent")

    def _generic(self, hit: _Hit) -> None:
        agent = hit.agent
        last = self.toks[hit.end - 1]
        if agent is None or agent.code is None:
            return
        if agent.position == "before" and agent.code == "IGO" and (
            hit.start == 0 or self.toks[hit.start - 1].lower_ not in POSSESSIVE_PRONOUNS
        ):
            return  # "peacekeepers", "observers": an international body only once its owner is named
        if self.tagged and last.pos_ not in ("NOUN", "PROPN"):
            return  # "Islamic" as an adjective
        named = self.named_at.get(hit.start)
        if named is not None and hit.end <= named.end and len(named) > hit.end - hit.start:
            return  # "Kingdom" in "the Kingdom of Bahrain" is part of a name
        self._emit(hit.start, hit.end, agent.code, None, None, f"agent:{agent.source}", "agent", generic=True)

    # ---- appositions and former roles ----

    def _appositions(self) -> None:
        """A person with no code takes the code of a title phrase in apposition to it."""
        doc = self.doc
        mentions = list(self.mentions.all.values())
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        people = [(m.start, m.end, m) for m in mentions if m.kind == "person" and m.actor.code is None]
        # a lone surname of someone named in full elsewhere is left to the surname rule
        named = [m for m in mentions if m.kind == "person" and m.end - m.start > 1]
        surnames = {token_key(self.toks[m.end - 1].text) for m in named}
        people += [
            (e.start, e.end, None) for e in self.person_ents
            if self._free(e.start, e.end) and (len(e) > 1 or token_key(e.text) not in surnames)
        ]
        for start, end, mention in people:
            source = self._apposed(start, end, by_token)
            if source is None:
                continue
            a = source.actor
            if mention is None:
                name = doc[start:end].text
                self._emit(start, end, a.code, name, None, f"appos:{a.rule}", "person")
            else:
                mention.actor.code, mention.actor.country, mention.actor.sector = a.code, a.country, a.sector
                mention.actor.rule = f"{mention.actor.rule}+appos:{a.rule}"
        for ent in self._unknown_groups():  # "the Zorvan Front, a Malian rebel group,"
            inner = self._inner_places(ent)
            source = self._apposed(ent.start, ent.end, by_token, closed=True) if inner is not None else None
            if source is None or inner is None:
                continue
            self._drop(inner)
            self._emit(ent.start, ent.end, source.actor.code, ent.text, None, f"appos:{source.actor.rule}", "group")

    def _apposed(
        self, start: int, end: int, by_token: dict[int, ActorMention], closed: bool = False
    ) -> ActorMention | None:
        """The coded mention of a title phrase beside tokens start:end across a comma.

        ``closed``: the phrase after the name (or the name after the phrase) must end the
        apposition, not run on into a list ("the Zorvan Front, the Malian army and ...")."""
        doc = self.doc
        if end < len(doc) and self.toks[end].text == ",":  # "X, the UN emergency relief coordinator,"
            for tok in doc[start:end]:
                for child in tok.children:
                    if child.dep_ == "appos" and child.i > end:
                        if closed and not self._closes(child.right_edge.i + 1):
                            continue
                        found = _titling(by_token, child)
                        if found is not None:
                            return found
        if closed and not self._closes(end):
            return None
        if start > 1 and self.toks[start - 1].text == ",":  # "Qatar's emir, X"
            before = by_token.get(start - 2)
            if before is not None and before.kind != "person" and before.actor.code is not None:
                span = range(before.start, before.end)
                if any(t.dep_ == "appos" and t.head.i in span for t in doc[start:end]) or any(
                    self.toks[i].dep_ == "appos" and start <= self.toks[i].head.i < end for i in span
                ):
                    return before
        return None

    def _closes(self, i: int) -> bool:
        """Whether token i ends an apposition: the end of the text, or punctuation that is not
        a list going on (", and", ", or")."""
        if i >= len(self.doc):
            return True
        tok = self.toks[i]
        if tok.text not in APPOSITION_ENDS:
            return False
        return tok.text != "," or i + 1 >= len(self.doc) or self.toks[i + 1].lower_ not in ("and", "or")

    def _unknown_groups(self) -> list[Span]:
        """Organisations and named groups ("the Zorvanis") that no mention stands for yet."""
        out = []
        for ent in self.doc.ents:
            if ent.label_ == "ORG" or (ent.label_ == "NORP" and _group_word(ent)):
                if not self.mentions.covering(ent.start, ent.end):
                    out.append(ent)
        return out

    def _inner_places(self, ent: Span) -> list[ActorMention] | None:
        """The mentions inside a named group that only name a place in its name ("Karbala" in
        "the Karbala Brigade"); None if some other mention overlaps it."""
        inner = []
        for m in self.mentions.overlapping(ent.start, ent.end):
            if not (ent.start <= m.start and m.end <= ent.end and m.kind == "country"):
                return None
            inner.append(m)
        return inner

    def _drop(self, mentions: list[ActorMention]) -> None:
        for m in mentions:
            self.mentions.remove(m)
            self.used[m.start : m.end] = [False] * (m.end - m.start)

    def _modified_names(self) -> None:
        """A named person or group the KB lacks takes the code of a phrase right before it:
        "Malian rebel group the Zorvan Front" -> MLIREB, "Kenya's Raila Odingo" -> KEN, and a
        person entity that starts with a nationality ("Kenyan Raila Odingo") (``modifier:...``)."""
        ents = [(e, "person") for e in self.person_ents if self._free(e.start, e.end)]
        ents += [(e, "group") for e in self._unknown_groups()]
        for ent, kind in sorted(ents, key=lambda ek: ek[0].start):
            inner = [] if kind == "person" else self._inner_places(ent)
            if inner is None:
                continue
            start = ent.start
            if kind == "person" and len(ent) > 1 and self._demonym(ent[0]):
                record = self.kb.candidates(token_key(ent[0].text))[0]
                code = self._base_code(record)
                if code is not None:
                    self._emit(ent.start, ent.end, code, ent[1:].text, None, f"modifier:kb:{record.source}", kind)
                continue
            if start > 0 and self.toks[start - 1].lower_ == "the":
                start -= 1
            before = self._describer(start)
            if before is None:
                continue
            self._drop(inner + [before])
            a = before.actor
            self._emit(before.start, ent.end, a.code, ent.text, None, f"modifier:{a.rule}", kind)

    def _describer(self, start: int) -> ActorMention | None:
        """The coded mention that ends at token ``start`` and can describe a name after it: a
        nationality ("Kenyan"), a possessive ("Kenya's"), or a phrase ending in an agent noun
        ("Malian rebel group", "the Islamist group")."""
        possessive = start > 0 and self.toks[start - 1].text in POSSESSIVE
        end = start - 1 if possessive else start
        found = next((m for m in self.mentions.at.get(end - 1, ()) if m.end == end), None)
        if found is None or found.actor.code is None or found.kind in ("person", "pronoun"):
            return None
        last = self.toks[found.end - 1]
        if any(self.toks[i].is_sent_start for i in range(found.start + 1, start + 1) if i < len(self.doc)):
            return None  # the phrase ends one sentence, the name starts the next
        if "agent:" in (found.actor.rule or ""):
            return None if possessive or (self.tagged and last.pos_ not in ("NOUN", "PROPN")) else found
        if found.kind != "country" or (found.actor.sector is not None and not possessive):
            return None
        return found if possessive or last.tag_ == "JJ" or last.ent_type_ == "NORP" else None

    def _demonym(self, tok: Token) -> bool:
        """A nationality word ("Kenyan", "Israeli"), not a country's own name ("Jordan", "Chad")."""
        key = token_key(tok.text)
        if not tok.text[:1].isupper() or not tok.lower_.endswith(DEMONYM_ENDINGS) or not self.kb.has_key(key):
            return False
        records = self.kb.candidates(key)
        return records[0].type == "country" and all(normalize(r.name) != normalize(tok.text) for r in records)

    def _former_roles(self) -> None:
        """A known person with no role on the date and no title: the nearest role's country, as ELI."""
        if self.date is None:
            return
        for mention, record in self.roleless:
            if mention.actor.code is not None:
                continue
            role = nearest_role(record, self.date)
            country = self.kb.split_code(role.code)[0] if role is not None else None
            if country is None:
                continue
            a = mention.actor
            a.code, a.country, a.sector, a.rule = country + "ELI", country, "ELI", f"{a.rule}+former"

    # ---- helpers ----

    def _add(self, start: int, end: int, record: ActorRecord, agent: Agent | None, rule: str) -> ActorMention | None:
        """The record's mention, coded on the date; None for a blocking entry."""
        role = role_on(record, self.date)
        if role is not None and role.code == "---":  # a blocking entry: "Indian Ocean" is not India
            self._mark(start, end)
            return None
        code = role.code if role else None
        name: str | None = record.name
        if agent is not None and code is not None and (record.type == "country" or code in self.kb.regions):
            code, name = _join(code, agent), None  # "Syrian opposition" -> SYROPP
        elif agent is not None and code is not None and code[3:] == "GOV" and code[:3] in self.kb.countries:
            code, name = _join(code[:3], agent), None  # a capital for its government: "Moscow police" -> RUSCOP
        the = start > 0 and self.toks[start - 1].lower_ == "the" and not self._taken(start - 1)
        if record.type != "person" and the:
            if end >= len(self.doc) or self.toks[end].pos_ not in ("NOUN", "PROPN"):
                start -= 1  # "the West", but not "the" of "the Paris attacks"
        return self._emit(start, end, code, name, record.id, rule, record.type)

    def _emit(
        self,
        start: int,
        end: int,
        code: str | None,
        name: str | None,
        kb_id: str | None,
        rule: str,
        kind: str,
        generic: bool = False,
    ) -> ActorMention:
        span = self.doc[start:end]
        country, sector = self.kb.split_code(code) if code else (None, None)
        if generic:
            country = None
        actor = Actor(span.start_char, span.end_char, span.text, name, code, country, sector, None, kb_id, rule)
        mention = ActorMention(start, end, actor, kind)
        self.mentions.add(mention)
        self._mark(start, end)
        return mention

    def _mark(self, start: int, end: int) -> None:
        self.used[start:end] = [True] * (end - start)

    def _taken(self, i: int) -> bool:
        return self.used[i] or i in self.hit_at

    def _free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def _is_modifier(self, hit: _Hit | None) -> bool:
        """A country, organisation or group not yet part of a mention ("U.S.", "United Nations")."""
        if hit is None or hit.record is None:
            return False
        return hit.record.type in MODIFIER_TYPES and self._free(hit.start, hit.end)

    def _is_person(self, span: _Hit) -> bool:
        overlapping = (self.hit_at[i] for i in range(span.start, span.end) if i in self.hit_at)
        return any(h.record is not None and h.record.type == "person" for h in overlapping)

    def _base_code(self, record: ActorRecord) -> str | None:
        role = role_on(record, self.date)
        return role.code if role and role.code != "---" else None

    def _name_start(self, start: int, end: int) -> int:
        ent = self.person_ending.get(end)
        return ent.start if ent is not None else start


def _better(title: _Hit | None, agent: _Hit) -> _Hit:
    """The title to keep: the first one found, unless it is bare ("Sheikh") and this one has a code."""
    if title is None or (title.agent is not None and title.agent.code is None and agent.agent and agent.agent.code):
        return agent
    return title


def _group_word(ent: Span) -> bool:
    """A NORP entity that names a group of people ("the Zorvanis"), not an adjective ("Kurdish")."""
    root = ent.root
    if root.tag_:
        return root.tag_ in ("NNPS", "NNS", "NNP", "NN") and root.dep_ not in ("amod", "compound")
    return ent.text[-1:] == "s"


def _titling(by_token: dict[int, ActorMention], head: Token) -> ActorMention | None:
    """The mention that gives an appositive its code: the one on its head, else a country or
    organisation naming the head ("the United Nations relief coordinator"; not "Ann's brother")."""
    found = by_token.get(head.i)
    if found is not None:
        return found if found.kind != "person" and found.actor.code is not None else None
    for child in head.lefts:
        m = by_token.get(child.i)
        if child.dep_ in ("compound", "amod", "nmod") and m is not None and m.kind in MODIFIER_TYPES:
            return m if m.actor.code is not None else None
    return None


def _join(base: str, agent: Agent) -> str:
    if agent.code is None:
        return base
    return base + agent.code if agent.position == "after" else agent.code + base


# ---- rules 7 and 8: surnames and pronouns ----


def _surname_mentions(doc: Doc, toks: list[Token], mentions: list[ActorMention], tagged: bool) -> list[ActorMention]:
    """"Kerry" for a John Kerry named in full anywhere in the document (nearest before wins)."""
    person_ents = {e.start: e for e in doc.ents if e.label_ == "PERSON"}
    full: dict[str, list[ActorMention]] = {}
    for m in mentions:
        if m.kind != "person" or m.actor.code is None:
            continue
        name = _name_tokens(doc, m, person_ents)
        if len(name) >= 2:
            full.setdefault(token_key(name[-1].text), []).append(m)
    if not full:
        return []
    latest = _Latest(full)
    for m in mentions:  # "Mr. Odingo": an honorific gives no code, the full name does
        if m.kind != "person" or m.actor.code is not None or m.actor.kb_id is not None:
            continue
        name = _name_tokens(doc, m, person_ents)
        key = token_key(name[-1].text) if len(name) == 1 else None
        if key in full:
            a, source = m.actor, latest.before(key, m.start).actor
            a.name, a.code, a.country, a.sector = source.name, source.code, source.country, source.sector
            a.kb_id = source.kb_id
            a.rule = f"{a.rule}+surname"
    covered = [False] * len(doc)
    for m in mentions:
        covered[m.start : m.end] = [True] * (m.end - m.start)
    out = []
    for tok in toks:
        if covered[tok.i] or not tok.text[:1].isupper() or (tagged and tok.pos_ != "PROPN"):
            continue
        key = token_key(tok.text)
        if key in full:
            out.append(_copy(doc, tok, latest.before(key, tok.i), "surname", "person"))
    return out


class _Latest:
    """For mentions grouped by key, the last of a group (in its order) that ends by a given
    token, else its first: a bisect over the group sorted by end, not a scan of it."""

    def __init__(self, groups: dict[str, list[ActorMention]]):
        self.groups = groups
        self.ends: dict[str, list[int]] = {}
        self.last: dict[str, list[int]] = {}  # position k: the latest of the k+1 earliest-ending
        for key, group in groups.items():
            order = sorted(range(len(group)), key=lambda k: group[k].end)
            self.ends[key] = [group[k].end for k in order]
            self.last[key] = list(accumulate(order, max))

    def before(self, key: str, i: int) -> ActorMention:
        n = bisect.bisect_right(self.ends[key], i)
        return self.groups[key][self.last[key][n - 1] if n else 0]


def _name_tokens(doc: Doc, mention: ActorMention, person_ents: dict[int, Span]) -> list[Token]:
    """The personal-name part of a person mention: the PERSON entity (``person_ents`` by start
    token), else its proper nouns."""
    for i in range(mention.start, mention.end):
        ent = person_ents.get(i)
        if ent is not None and ent.end <= mention.end:
            return [t for t in ent if t.text not in POSSESSIVE]
    tokens = doc[mention.start : mention.end]
    return [t for t in tokens if t.pos_ == "PROPN"] if doc.has_annotation("POS") else list(tokens)


def _pronoun_mentions(
    doc: Doc, toks: list[Token], keys: list[str], sent_of: list[int], kb: ActorKB, mentions: list[ActorMention]
) -> list[ActorMention]:
    """Pronouns resolved to their antecedents; "their forces" takes the antecedent's country.

    he/him/his/she/her -> the latest person mention in this or the two previous sentences;
    it/its/they/them/their -> see :func:`_thing_antecedent`.
    """
    persons = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
    if not persons and not any(m.kind != "person" for m in mentions):
        return mentions
    covered = [False] * len(doc)
    for m in mentions:
        covered[m.start : m.end] = [True] * (m.end - m.start)
    resolver = _Antecedents(doc, mentions, sent_of)
    generic_at = {m.start: m for m in mentions if m.kind == "agent" and (m.actor.rule or "").startswith("agent:")}
    out = list(mentions)
    position = {id(m): k for k, m in enumerate(out)}
    persons_in = _by_sentence(persons, sent_of)
    for i, key in enumerate(keys):
        if covered[i] or (key not in PRONOUNS and key not in THING_PRONOUNS):
            continue
        tok = toks[i]
        low = tok.lower_
        if low in PRONOUNS:
            source = _recent(persons_in, sent_of[tok.i], lambda m: m.end <= tok.i)
        elif low in THING_PRONOUNS:
            source = resolver.find(tok)
        else:
            continue
        if source is None or source.actor.code is None:
            continue
        owned = generic_at.get(tok.i + 1) if low in POSSESSIVE_PRONOUNS else None
        if owned is not None and low in PRONOUNS and kb.split_code(owned.actor.code or "")[1] not in FORCE_SECTORS:
            owned = None  # "his army", but not "her mother"
        if owned is not None and owned.end < len(doc) and doc[owned.end].pos_ in ("NOUN", "PROPN"):
            owned = None  # "its military sweep": the agent only modifies another noun
        if owned is not None:  # "their forces", "its army"
            merged = _possessed(doc, kb, tok, source, owned)
            if merged is not None:
                out[position[id(owned)]] = merged
                resolver.add(merged, thing=False)
                continue
        if low in ("its", "their"):
            continue  # "its dispute with": the owner of a thing is not a party to the event
        copy = _copy(doc, tok, source, "pronoun", "pronoun")
        out.append(copy)
        resolver.add(copy, thing=low in THING_PRONOUNS)
    return out


def _possessed(doc: Doc, kb: ActorKB, tok: Token, source: ActorMention, owned: ActorMention) -> ActorMention | None:
    """A generic agent owned by a resolved pronoun, as one mention: "their forces" -> BIHMIL."""
    agent = kb.agents.get(normalize(owned.actor.text))
    code = source.actor.code
    if agent is None or agent.code is None or code is None:
        return None
    country, sector = kb.split_code(code)
    if country is None:
        new = code  # an organisation's forces are the organisation: "its peacekeepers" -> IGOUNO
    elif sector is None or sector in ("GOV", "ELI"):
        cut = code.find(sector, 3) if sector else -1
        new = _join(code[:cut] if cut > 0 else code, agent)  # "SYRGOV ... its army" -> SYRMIL
    else:
        new = code  # a rebel group's fighters are the group
    country, sector = kb.split_code(new)
    span = doc[tok.i : owned.end]  # not doc.text, which spaCy joins anew on every access
    rule = f"pronoun+{owned.actor.rule}"
    actor = Actor(span.start_char, span.end_char, span.text, None, new, country, sector, None, source.actor.kb_id,
                  rule)
    return ActorMention(tok.i, owned.end, actor, "agent")


class _Antecedents:
    """Finds what it/its/they/them/their stand for (non-person actors only).

    1. For a possessive, the subject of its own clause ("Nigeria withdrew its troops").
    2. In a complement clause, the subject of the governing verb ("Uganda said [it had paid]",
       "Nigeria decided [to withdraw its troops]"), or its object for "asked Ghana to ...".
    3. The latest country, organisation or group that is a subject in this or the previous
       sentence, then the latest of any role; not the pronoun's own clause subject (binding),
       and not for an "it" that is mostly a thing (an object; "it is", "it was clear").
    """

    def __init__(self, doc: Doc, mentions: list[ActorMention], sent_of: list[int]):
        self.doc, self.sent_of = doc, sent_of
        self.parsed = doc.has_annotation("DEP")
        self.by_token: dict[int, ActorMention] = {}
        self.things: list[ActorMention] = []  # candidate antecedents, in text order
        self.thing_ids: set[int] = set()
        for m in sorted(mentions, key=lambda m: m.start):
            self.add(m, thing=m.kind != "person")

    def add(self, mention: ActorMention, thing: bool) -> None:
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention
        if thing and mention.actor.code is not None:
            bisect.insort(self.things, mention, key=lambda m: m.start)
            self.thing_ids.add(id(mention))

    def find(self, tok: Token) -> ActorMention | None:
        low = tok.lower_
        plural = low in ("they", "them", "their")
        possessive = low in ("its", "their")
        subject = tok.dep_ in SUBJECTS
        own: ActorMention | None = None
        if self.parsed:
            if tok.dep_ == "expl":
                return None
            verb = _clause_verb(tok)
            if verb is not None:
                if low == "it" and subject and _impersonal(tok, verb):
                    return None  # "it was clear that ...", "it seems"
                own = self._subject_of(verb, exclude=tok)
                if possessive and self._usable(own, tok, plural):
                    return own
                governed, found = self._governing(verb, tok, plural)
                if governed:  # "Uganda said it ...": the speaker or no one (not "the official")
                    return found
                if low == "it" and subject and verb.lemma_.lower() == "be":
                    return None  # "it is not for president", "it's where ..."
                if verb.dep_ == "relcl":
                    return None  # "the groups they support"
            if not subject and not possessive and low != "them":
                return None  # "calling it", "used to it": mostly a thing
        bound = own if not possessive and not subject else None
        recent = []
        for k in range(bisect.bisect_left(self.things, tok.i, key=lambda m: m.start) - 1, -1, -1):
            m = self.things[k]  # from the last one starting before the pronoun back: not all of them
            if m.end > tok.i:
                continue
            if self.sent_of[tok.i] - self.sent_of[m.start] > 1:
                break
            if m is not bound and m.kind != "agent" and self._usable(m, tok, plural):
                if low == "them" and self.doc[m.start : m.end].root.tag_ not in PLURAL_TAGS:
                    continue  # "publish them": only a plural group
                recent.append(m)
        if self.parsed:
            for m in recent:  # a subject first: it is what the text is about
                if self.doc[m.start : m.end].root.dep_ in SUBJECTS:
                    return m
        return recent[0] if recent else None

    def _governing(self, verb: Token, tok: Token, plural: bool) -> tuple[bool, ActorMention | None]:
        """For a pronoun in a complement clause, (True, the governing verb's subject if it can be
        the antecedent; for "asked X to", its object); (False, None) outside a complement."""
        clause = verb
        for _ in range(3):
            if clause.dep_ != "conj" or clause.head is clause:
                break
            clause = clause.head
        if clause.dep_ not in COMPLEMENTS or clause.head is clause:
            return False, None
        governor = clause.head
        if clause.dep_ == "xcomp":
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if obj is not None:
                found = self._at(obj)
                return True, found if self._usable(found, tok, plural) else None
        for _ in range(3):  # "Nigeria decided and announced that ...": the subject may sit higher
            for child in governor.children:
                if child.dep_ in SUBJECTS and not child.left_edge.i <= tok.i <= child.right_edge.i:
                    found = self._at(child)
                    return True, found if self._usable(found, tok, plural) else None
            if governor.dep_ not in ("conj", "xcomp", "ccomp") or governor.head is governor:
                break
            governor = governor.head
        return False, None

    def _subject_of(self, verb: Token, exclude: Token) -> ActorMention | None:
        for child in verb.children:
            if child.dep_ in SUBJECTS and not child.left_edge.i <= exclude.i <= child.right_edge.i:
                return self._at(child)
        return None

    def _at(self, head: Token) -> ActorMention | None:
        """The mention on a noun phrase's head, else the nearest one among its modifiers."""
        frontier = [head]
        for _ in range(3):
            for t in frontier:
                if t.i in self.by_token:
                    return self.by_token[t.i]
            frontier = [c for t in frontier for c in t.children if c.dep_ in NP_MODIFIER_DEPS]
            if not frontier:
                break
        return None

    def _usable(self, m: ActorMention | None, tok: Token, plural: bool) -> bool:
        if m is None or m.kind == "person" or m.actor.code is None or id(m) not in self.thing_ids:
            return False
        if m.start <= tok.i < m.end:
            return False
        head = self.doc[m.start : m.end].root
        if self.parsed and head.dep_ in ("compound", "amod") and not m.start <= head.head.i < m.end:
            return False  # "army" in "the army base" names no one
        if m.kind == "pronoun" and (head.lower_ in ("they", "them", "their")) != plural:
            return False  # "they" does not go back to an "it"
        if plural:  # "they" is rarely a country named in the singular: "Egypt"
            return head.tag_ in PLURAL_TAGS or m.kind != "country" or "+agent:" in (m.actor.rule or "")
        return head.tag_ not in PLURAL_TAGS and not _person_noun(head)  # "it" is not "the rebels", "the official"


def _person_noun(tok: Token) -> bool:
    """A noun for a human being ("official", "spokesman", "minister"), which "it" cannot stand for."""
    word = tok.lower_
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("GPE", "ORG", "NORP", "LOC"):
        return False
    return word in PERSON_NOUNS or (word.endswith(PERSON_SUFFIXES) and word not in THING_NOUNS)


def _impersonal(tok: Token, verb: Token) -> bool:
    """ "it" as an empty subject: "it was clear that", "it seems", "it is believed that"."""
    lemma = verb.lemma_.lower()
    if lemma in IMPERSONAL_VERBS:
        return True
    if tok.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in verb.children):
        return True
    return lemma == "be" and any(c.dep_ in ("acomp", "attr") and c.lower_ in IMPERSONAL_WORDS for c in verb.children)


def _clause_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(6):
        if t.head is t:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _sentences(doc: Doc) -> tuple[list[int], list[bool]]:
    """The sentence number of each token, and whether it starts a sentence."""
    n = len(doc)
    numbers, starts = [0] * n, [False] * n
    if n:
        starts[0] = True
    if n and doc.has_annotation("SENT_START"):
        for k, sent in enumerate(doc.sents):
            numbers[sent.start : sent.end] = [k] * (sent.end - sent.start)
            starts[sent.start] = True
    return numbers, starts


def _definite_mentions(toks: list[Token], sent_of: list[int], mentions: list[ActorMention]) -> list[ActorMention]:
    """"The minister" after "Russian Foreign Minister Sergei Lavrov" is Lavrov: a definite
    title with no country of its own takes the latest person, in this or the two previous
    sentences, whose mention holds the same title word."""
    persons_in = _by_sentence([m for m in mentions if m.kind == "person"], sent_of)
    out = []
    for m in mentions:
        head = toks[m.end - 1]
        definite = toks[m.start].lower_ == "the" or (m.start > 0 and toks[m.start - 1].lower_ == "the")
        if m.kind == "agent" and m.actor.country is None and definite:
            title, start = head.lower_, m.start
            found = _recent(persons_in, sent_of[start],
                            lambda p: p.end <= start and any(t.lower_ == title for t in toks[p.start : p.end]))
            if found is not None:
                a = found.actor
                actor = replace(a, start=m.actor.start, end=m.actor.end, text=m.actor.text, entity=None,
                                rule=f"definite:{title}")
                m = ActorMention(m.start, m.end, actor, "person")
        out.append(m)
    return out


def _by_sentence(mentions: list[ActorMention], sent_of: list[int]) -> dict[int, list[tuple[int, ActorMention]]]:
    """(position in ``mentions``, mention) by the sentence a mention starts in."""
    out: dict[int, list[tuple[int, ActorMention]]] = {}
    for k, m in enumerate(mentions):
        out.setdefault(sent_of[m.start], []).append((k, m))
    return out


def _recent(by_sentence: dict[int, list[tuple[int, ActorMention]]], sent: int,
            ok: Callable[[ActorMention], bool]) -> ActorMention | None:
    """The last mention (in list order) in sentence ``sent`` or the two before it that is ``ok``:
    only those sentences are looked at, however long the document."""
    found = [(k, m) for s in range(sent - 2, sent + 1) for k, m in by_sentence.get(s, ()) if ok(m)]
    return max(found, key=lambda km: km[0])[1] if found else None


def _copy(doc: Doc, tok: Token, source: ActorMention, rule: str, kind: str) -> ActorMention:
    a = source.actor
    actor = Actor(tok.idx, tok.idx + len(tok.text), tok.text, a.name, a.code, a.country, a.sector, None, a.kb_id, rule)
    return ActorMention(tok.i, tok.i + 1, actor, kind)
