"""Find actor mentions in a parsed document and resolve them to codes valid on its date.

Rules, in order (each mention's ``rule`` says which one made it):

1. KB phrases, longest first (up to 8 tokens), preferring spans that match a spaCy entity;
   the code is the record's role on the date (``kb:<file>:<line>``).
2. A country followed by an agent noun: "Syrian opposition" -> SYROPP, "French police" ->
   FRACOP (``kb:...+agent:...``); an organisation or group keeps its own code ("UN envoy").
3. A title before a person: "Syria's President Bashar al-Assad", "his Russian counterpart
   Sergei Lavrov" are one mention with the person's code; a titled person the KB lacks gets
   the title's code ("Syrian Foreign Minister X" -> SYRGOV, ``title:...``).
4. Generic agents with no country: "gunmen" -> UAF, "ministers" -> GOV (``agent:...``).
5. A surname alone, for a person named in full elsewhere in the document (``surname``).
6. he/him/his/she/her -> the latest person mention in this or the two sentences before
   (``pronoun``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from accord.actors.kb import ActorKB, ActorRecord, Agent, role_on, token_key
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


@dataclass(slots=True)
class ActorMention:
    """An actor mention over tokens ``start:end`` of the doc; ``actor`` has character offsets."""

    start: int
    end: int
    actor: Actor
    kind: str  # the KB record type (person, organisation, ...), "agent" or "pronoun"


Phrases = list[tuple[int, int, str]]  # (start token, end token, key) of candidate phrases


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    record: ActorRecord | None = None
    agent: Agent | None = None


def resolve_actors(doc: Doc, kb: ActorKB, date: str | None) -> list[ActorMention]:
    """Every actor mention in ``doc``, in text order, coded on ``date`` (YYYY-MM-DD or None)."""
    keys = [token_key(t.text) for t in doc]
    # a phrase cannot run on into a token that starts a sentence or is punctuation ("-" and "." may sit inside)
    stops = [t.is_sent_start is True or t.is_space or (t.is_punct and t.text not in JOINERS) for t in doc]
    tagged = doc.has_annotation("POS")
    phrases = list(_phrases(keys, stops))
    hits = _select_kb_hits(doc, _kb_candidates(doc, phrases, kb, date, tagged))
    agents = _agent_hits(phrases, kb)
    mentions = _Composer(doc, kb, date, hits, agents).compose()
    mentions += _surname_mentions(doc, mentions, tagged)
    mentions += _pronoun_mentions(doc, mentions)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def entities_from_doc(doc: Doc, mentions: list[ActorMention]) -> list[Entity]:
    """One Entity per spaCy entity, with the actor of the mention covering it.

    Each mention's ``actor.entity`` names the entity that best stands for it: the one
    ending where the mention ends ("John Kerry" in "U.S. Secretary of State John Kerry").
    """
    entities: list[Entity] = []
    best: dict[int, tuple[tuple[bool, int], str]] = {}
    for n, ent in enumerate(doc.ents, start=1):
        eid = f"e{n}"
        cover = [(k, m) for k, m in enumerate(mentions) if m.start <= ent.start and ent.end <= m.end]
        k, mention = min(cover, key=lambda km: km[1].end - km[1].start) if cover else (None, None)
        actor = mention.actor if mention else None
        entities.append(Entity(eid, ent.start_char, ent.end_char, ent.text, ent.label_, actor))
        if k is not None and mention is not None:
            score = (ent.end == mention.end, len(ent))
            if k not in best or score > best[k][0]:
                best[k] = (score, eid)
    for k, (_, eid) in best.items():
        mentions[k].actor.entity = eid
    return entities


# ---- rule 1: KB phrases ----


def _kb_candidates(doc: Doc, phrases: Phrases, kb: ActorKB, date: str | None, tagged: bool) -> list[_Hit]:
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for start, end, key in phrases:
        if kb.has_key(key) and _plausible(doc[start:end], key, tagged, persons):
            out.append(_Hit(start, end, _best_record(kb.candidates(key), date)))
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


def _plausible(span: Span, key: str, tagged: bool, persons: list[Span]) -> bool:
    """Guards against common words that happen to be aliases ("us", "is", "May")."""
    first = span[0]
    if not (first.text[:1].isupper() or first.text[:1].isdigit()):
        if first.lower_ not in PARTICLES or not any(t.text[:1].isupper() for t in span[1:]):
            return False
    if len(key) <= 3 and not "".join(t.text for t in span).replace(".", "").isupper():
        return False  # "UN", "U.S.", "IS" only in capitals
    if len(span) == 1 and tagged and first.pos_ not in SINGLE_TOKEN_POS and not first.text.isupper():
        return False
    for ent in persons:  # "Albert" inside "Albert Einstein" is not the KB's Albert
        if ent.start <= span.start and span.end < ent.end:
            return False
    return True


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


# ---- rules 2 to 4: agents, titles, generic agents ----


class _Composer:
    """Builds mentions from KB and agent hits; tokens used by one mention are not reused."""

    def __init__(self, doc: Doc, kb: ActorKB, date: str | None, hits: list[_Hit], agents: list[_Hit]):
        self.doc, self.kb, self.date = doc, kb, date
        self.hits = hits
        self.kb_end = {h.end: h for h in hits}
        self.agents = agents
        self.agent_end = {a.end: a for a in agents}
        self.agent_start = {a.start: a for a in agents}
        self.used = [False] * len(doc)
        self.mentions: list[ActorMention] = []
        self.person_ents = [e for e in doc.ents if e.label_ == "PERSON"]
        self.named = [e for e in doc.ents if e.label_ in NAMED_LABELS]

    def compose(self) -> list[ActorMention]:
        person_ents = self.person_ents
        for hit in self.hits:
            if hit.record is not None and hit.record.type == "person":
                self._titled(hit.start, hit.end, hit.record)
        for ent in person_ents:  # titled people the KB does not know
            if self._free(ent.start, ent.end) and not any(h.start < ent.end and ent.start < h.end for h in self.hits):
                self._titled(ent.start, ent.end, None)
        for hit in self.hits:
            if not self.used[hit.start]:
                self._with_agent(hit)
        for agent in self.agents:
            if self._free(agent.start, agent.end):
                self._generic(agent)
        return self.mentions

    # A person, with the title before the name if there is one.
    def _titled(self, start: int, end: int, record: ActorRecord | None) -> None:
        doc = self.doc
        for ent in self.person_ents:  # "Benjamim Netanyahu": the KB knows the surname only
            if ent.start < start and ent.end == end and not any(self.used[ent.start : start]):
                start = ent.start
        title: _Hit | None = self.agent_start.get(start) if record else None  # "Secretary Kerry"
        if title is not None and title.end > end:
            title = None
        modifier: _Hit | None = None
        p = start
        comma = False
        while p > 0:
            prev = doc[p - 1]
            kb_hit = self.kb_end.get(p)
            agent = self.agent_end.get(p)
            if kb_hit is not None and agent is not None and kb_hit.start <= agent.start and self._is_modifier(kb_hit):
                title = title or agent  # "US President": a KB phrase that holds the title
                modifier = modifier or kb_hit
                p = kb_hit.start
            elif agent is not None and self._free(agent.start, agent.end) and not self._is_person(agent):
                title = title or agent
                p = agent.start
            elif kb_hit is not None and self._is_modifier(kb_hit):
                before = kb_hit.start - 1
                if before > 0 and doc[before].lower_ in TITLE_PREPOSITIONS and before in self.agent_end:
                    title = title or self.agent_end[before]  # "envoy to Syria"
                    modifier = modifier or kb_hit
                    p = self.agent_end[before].start
                elif title is not None:
                    modifier = modifier or kb_hit
                    p = kb_hit.start
                else:
                    break
            elif prev.text == "," and not comma and (p - 1) in self.agent_end:
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
            self._add(p, end, record, None, f"kb:{record.source}")
        elif title is not None:
            self._add_titled_unknown(p, end, title, modifier)

    def _add_titled_unknown(self, start: int, end: int, title: _Hit, modifier: _Hit | None) -> None:
        agent = title.agent
        assert agent is not None
        code = agent.code
        base = self._base_code(modifier.record) if modifier and modifier.record else None
        if base is not None and modifier and modifier.record and modifier.record.type != "country":
            code = base  # "UN envoy X" acts for the UN
        elif base is not None:
            code = _join(base, agent)
        name = self.doc[self._name_start(start, end) : end].text
        self._emit(start, end, code, name, None, f"title:{agent.source}", "person")

    # A country, organisation or group, with an agent noun after it.
    def _with_agent(self, hit: _Hit) -> None:
        record = hit.record
        if record is None:
            return
        p = hit.end
        if p < len(self.doc) and self.doc[p].text in POSSESSIVE:
            p += 1
        skipped = 0
        while p < len(self.doc) and self.doc[p].pos_ == "ADJ" and not self._taken(p) and skipped < 2:
            p, skipped = p + 1, skipped + 1
        found = self.agent_start.get(p) if record.type in MODIFIER_TYPES else None
        agent = found.agent if found is not None and self._free(found.start, found.end) else None
        if found is None or agent is None:
            self._add(hit.start, hit.end, record, None, f"kb:{record.source}")
            return
        self._add(hit.start, found.end, record, agent, f"kb:{record.source}+agent:{agent.source}")

    def _generic(self, hit: _Hit) -> None:
        agent = hit.agent
        last = self.doc[hit.end - 1]
        if agent is None or agent.code is None:
            return
        if self.doc.has_annotation("POS") and last.pos_ not in ("NOUN", "PROPN"):
            return  # "Islamic" as an adjective
        if any(e.start <= hit.start and hit.end <= e.end and len(e) > hit.end - hit.start for e in self.named):
            return  # "Kingdom" in "the Kingdom of Bahrain" is part of a name
        self._emit(hit.start, hit.end, agent.code, None, None, f"agent:{agent.source}", "agent", generic=True)

    # ---- helpers ----

    def _add(self, start: int, end: int, record: ActorRecord, agent: Agent | None, rule: str) -> None:
        role = role_on(record, self.date)
        if role is not None and role.code == "---":  # a blocking entry: "Indian Ocean" is not India
            self._mark(start, end)
            return
        code = role.code if role else None
        name: str | None = record.name
        if agent is not None and code is not None and (record.type == "country" or code in self.kb.regions):
            code, name = _join(code, agent), None  # "Syrian opposition" -> SYROPP
        if record.type != "person" and start > 0 and self.doc[start - 1].lower_ == "the" and not self._taken(start - 1):
            if end >= len(self.doc) or self.doc[end].pos_ not in ("NOUN", "PROPN"):
                start -= 1  # "the West", but not "the" of "the Paris attacks"
        self._emit(start, end, code, name, record.id, rule, record.type)

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
    ) -> None:
        span = self.doc[start:end]
        country, sector = self.kb.split_code(code) if code else (None, None)
        if generic:
            country = None
        actor = Actor(span.start_char, span.end_char, span.text, name, code, country, sector, None, kb_id, rule)
        self.mentions.append(ActorMention(start, end, actor, kind))
        self._mark(start, end)

    def _mark(self, start: int, end: int) -> None:
        self.used[start:end] = [True] * (end - start)

    def _taken(self, i: int) -> bool:
        return self.used[i] or any(h.start <= i < h.end for h in self.hits)

    def _free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def _is_modifier(self, hit: _Hit | None) -> bool:
        """A country, organisation or group not yet part of a mention ("U.S.", "United Nations")."""
        if hit is None or hit.record is None:
            return False
        return hit.record.type in MODIFIER_TYPES and self._free(hit.start, hit.end)

    def _is_person(self, span: _Hit) -> bool:
        overlapping = (h for h in self.hits if h.start < span.end and span.start < h.end)
        return any(h.record is not None and h.record.type == "person" for h in overlapping)

    def _base_code(self, record: ActorRecord) -> str | None:
        role = role_on(record, self.date)
        return role.code if role and role.code != "---" else None

    def _name_start(self, start: int, end: int) -> int:
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and ent.end == end:
                return ent.start
        return start


def _join(base: str, agent: Agent) -> str:
    if agent.code is None:
        return base
    return base + agent.code if agent.position == "after" else agent.code + base


# ---- rules 5 and 6: surnames and pronouns ----


def _surname_mentions(doc: Doc, mentions: list[ActorMention], tagged: bool) -> list[ActorMention]:
    """"Kerry" for a John Kerry named in full anywhere in the document (nearest before wins)."""
    person_ents = [e for e in doc.ents if e.label_ == "PERSON"]
    full: dict[str, list[ActorMention]] = {}
    for m in mentions:
        if m.kind != "person" or m.actor.code is None:
            continue
        name = _name_tokens(doc, m, person_ents)
        if len(name) >= 2:
            full.setdefault(token_key(name[-1].text), []).append(m)
    if not full:
        return []
    covered = [False] * len(doc)
    for m in mentions:
        covered[m.start : m.end] = [True] * (m.end - m.start)
    out = []
    for tok in doc:
        if covered[tok.i] or not tok.text[:1].isupper() or (tagged and tok.pos_ != "PROPN"):
            continue
        found = full.get(token_key(tok.text))
        if not found:
            continue
        before = [m for m in found if m.end <= tok.i]
        source = before[-1] if before else found[0]
        out.append(_copy(doc, tok, source, "surname", "person"))
    return out


def _name_tokens(doc: Doc, mention: ActorMention, person_ents: Iterable[Span]) -> list[Token]:
    """The personal-name part of a person mention: the PERSON entity, else its proper nouns."""
    for ent in person_ents:
        if mention.start <= ent.start and ent.end <= mention.end:
            return [t for t in ent if t.text not in POSSESSIVE]
    tokens = doc[mention.start : mention.end]
    return [t for t in tokens if t.pos_ == "PROPN"] if doc.has_annotation("POS") else list(tokens)


def _pronoun_mentions(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """he/him/his/she/her -> the latest person mention in this or the two previous sentences."""
    persons = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
    if not persons:
        return []
    covered = [False] * len(doc)
    for m in mentions:
        covered[m.start : m.end] = [True] * (m.end - m.start)
    sent_of = _sentence_numbers(doc)
    out = []
    for tok in doc:
        if tok.lower_ not in PRONOUNS or covered[tok.i]:
            continue
        earlier = [m for m in persons if m.end <= tok.i and sent_of[tok.i] - sent_of[m.start] <= 2]
        if earlier:
            out.append(_copy(doc, tok, earlier[-1], "pronoun", "pronoun"))
    return out


def _sentence_numbers(doc: Doc) -> list[int]:
    if not doc.has_annotation("SENT_START"):
        return [0] * len(doc)
    numbers = []
    n = -1
    for tok in doc:
        if tok.is_sent_start or n < 0:
            n += 1
        numbers.append(n)
    return numbers


def _copy(doc: Doc, tok: Token, source: ActorMention, rule: str, kind: str) -> ActorMention:
    a = source.actor
    actor = Actor(tok.idx, tok.idx + len(tok.text), tok.text, a.name, a.code, a.country, a.sector, None, a.kb_id, rule)
    return ActorMention(tok.i, tok.i + 1, actor, kind)
