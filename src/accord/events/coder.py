"""Who did what to whom: event triggers from the dependency parse, coded with the verb dictionary.

For every verb in a sentence the dictionary gives a CAMEO code (``classify_verb``);
a verb that governs another coded verb through ``xcomp`` ("agreed to seek a
ceasefire", "plans to enter negotiations") is composed into one event
(``compose``) rather than two. Source and target come from the parse: subject,
object, prepositional objects, passives (``by`` agent is the source), coordinated
actors, and subjects inherited by ``xcomp``/``conj`` verbs. Each event's own modality
comes from :func:`accord.events.modality.modality_of`; its attribution chain (and
``reported``) from the quotes, :mod:`accord.attribution.chains`; claims of responsibility
from :mod:`accord.attribution.claims`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from accord.actors.resolver import ActorMention
from accord.attribution.chains import attribute_events
from accord.attribution.claims import CLAIM, apply_claims
from accord.events.classify import VerbMatch, classify_verb, compose
from accord.events.modality import GOVERNORS, MODALS, SPEECH, TABLE, modality_of
from accord.nlp.repair import main_clause_subject, swallowed_subject
from accord.records import Actor, Event, Span
from accord.registry import DocContext
from accord.resources import Resources

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {"to", "with", "against", "on", "upon", "into", "toward", "towards", "at", "from", "for", "over", "of"}
PLACE_PREPS = {"in", "through", "across", "near", "inside"}
INHERIT_SUBJECT_DEPS = {"xcomp", "conj", "advcl", "pcomp"}
BOUNDARY_DEPS = {"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis", "appos"}
TRIGGER_POS = {"VERB"}
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "UAF"}
PHRASE_STOP_DEPS = {"relcl", "acl", "advcl", "ccomp", "appos", "conj", "cc", "punct", "parataxis"}


def code_events(ctx: DocContext, res: Resources) -> list[Event]:
    """All events of the document, in text order."""
    by_token = ctx.state.mentions
    events: list[Event] = []
    for sent in ctx.doc.sents:
        for event in _code_sentence(sent, by_token, res):
            event.sentence = ctx.analysis.sentence_of(event.trigger.start)
            events.append(event)
    for n, event in enumerate(events, start=1):
        event.id = f"ev{n}"  # dates: accord.time.event_dates (layer event_dates.v1)
    attribute_events(ctx.doc, events, ctx.analysis.quotes, by_token)
    for claim in apply_claims(ctx.doc, events, ctx.analysis.quotes):  # "IS said it carried out the attack"
        for name, value in _code_fields(res, CLAIM).items():
            setattr(claim, name, value)
        claim.rule = f"claim of its own act; {claim.rule}"
    return events


def _index_mentions(mentions: Iterable[ActorMention]) -> dict[int, ActorMention]:
    index: dict[int, ActorMention] = {}
    for mention in mentions:
        for i in range(mention.start, mention.end):
            index.setdefault(i, mention)
    return index


def _code_sentence(sent: SpacySpan, by_token: dict[int, ActorMention], res: Resources) -> list[Event]:
    matches: dict[int, VerbMatch] = {}
    for token in sent:
        if _is_predicate(token):
            match = classify_verb(token, res.verbs)
            if match is not None:
                matches[token.i] = match
    # Intent and demand governors fold their complement into one event; so does a speaker
    # whose complement carries "must"/"should" ("they say he must leave office": a demand).
    composed: dict[int, tuple[Token, VerbMatch, str]] = {}  # child index -> (governor, match, code)
    for token in sent:
        child, governor_lemma = _complement(token)
        if child is None or child.i not in matches:
            continue
        gov_match = matches.get(token.i)
        code = compose(governor_lemma, gov_match.code if gov_match else None, matches[child.i].code,
                       child=child.lemma_.lower())
        if code:
            composed[child.i] = (token, matches[child.i], code)
    events: list[Event] = []
    for i, match in sorted(matches.items()):
        if any(gov.i == i for gov, _, _ in composed.values()):
            continue  # the governor's meaning lives in the composed event
        verb = sent.doc[i]
        governor, code = None, match.code
        if i in composed:
            governor, _, code = composed[i]
        elif (future := _future_aux(verb)) is not None:
            code = compose(future, None, code, child=verb.lemma_.lower()) or code
        event = _make_event(verb, governor, match, code, by_token, res)
        if event is None:
            continue
        events.append(event)
        if match.paired and governor is None and event.source and event.target:  # "X visited Y": "Y hosted X"
            events.append(replace(event, source=event.target, target=event.source,
                                  rule=f"paired:{match.paired}; {event.rule}", **_code_fields(res, match.paired)))
    return events


def _future_aux(verb: Token) -> str | None:
    """'will'/'would' on the verb: the future expresses intent ("Iran will allow inspectors")."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "would", "'ll", "wo"):
            return "would" if child.lower_ == "would" else "will"
    return None


def _code_fields(res: Resources, code: str) -> dict:
    entry = res.cameo.get(code)
    return {"cameo": entry.code, "cameo_name": entry.name, "plover": entry.plover,
            "plover_mode": entry.plover_mode, "goldstein": entry.goldstein, "quad_class": entry.quad_class}


def _is_predicate(token: Token) -> bool:
    """Verbs, main-verb 'be/have', and nouns the tagger got wrong ("Assad [plans] to enter")."""
    if token.dep_ == "prep":  # "according to" is a preposition, not the verb "accord"
        return False
    if token.pos_ in TRIGGER_POS:
        return True
    if token.pos_ == "AUX":
        return token.dep_ not in ("aux", "auxpass")
    return token.pos_ == "NOUN" and any(c.dep_ in SUBJECT_DEPS for c in token.children)


def _complement(token: Token) -> tuple[Token | None, str]:
    """The verb a governor hands its meaning to, and the lemma that decides how to compose.

    'agreed [to seek]', 'is prepared [to send]', and 'say he [must leave]' (a demand).
    """
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return child, lemma
        if child.dep_ == "acomp":
            for grandchild in child.children:
                if grandchild.dep_ == "xcomp":
                    return grandchild, child.lemma_.lower()
    doc = token.doc
    if lemma in GOVERNORS and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to" \
            and doc[token.i + 2].pos_ == "VERB":
        return doc[token.i + 2], lemma  # "means to enter" even when the parse hangs 'enter' elsewhere
    if lemma in SPEECH:
        for child in token.children:
            if child.dep_ == "ccomp" and any(
                a.dep_ == "aux" and MODALS.get(a.lower_) == "demanded" for a in child.children
            ):
                return child, "demand"
    return None, lemma


def _make_event(
    verb: Token,
    governor: Token | None,
    match: VerbMatch,
    code: str,
    by_token: dict[int, ActorMention],
    res: Resources,
) -> Event | None:
    head = governor if governor is not None else verb
    source, target, roles = _participants(verb, head, code, by_token)
    if not source and not target:
        return None
    if match.swap:  # "[:173]": X received a sentence -> someone acted on X
        source, target = target, source
    doc = verb.doc
    trigger_tokens = _trigger_tokens(verb, governor, match)
    words = doc[trigger_tokens[0] : trigger_tokens[-1] + 1]  # doc.text is rebuilt on each access: slice
    start, end = words.start_char, words.end_char
    modality = modality_of(verb, governor)
    rule = match.rule
    if governor is not None:
        rule = f"compose:{governor.lemma_.lower()}+{verb.lemma_.lower()}->{code}; {rule}"
    confidence = 0.4 + (0.2 if source else 0) + (0.2 if target else 0) + (0.1 if match.specificity > 0 else 0)
    return Event(
        id="",
        sentence=-1,
        trigger=Span(start, end, words.text),
        **_code_fields(res, code),
        source=source,
        target=target,
        modality=modality,
        confidence=round(confidence, 2),
        rule=f"{rule}; {roles}",
    )


def _trigger_tokens(verb: Token, governor: Token | None, match: VerbMatch) -> list[int]:
    """Verb (and governor) plus the matched pattern words that stand next to them, in order."""
    tokens = {verb.i} | ({governor.i} if governor is not None else set())
    for i in sorted(set(match.tokens or ()) - tokens):
        if min(abs(i - t) for t in tokens) <= 3:
            tokens.add(i)
    return sorted(tokens)


def _participants(
    verb: Token, head: Token, code: str, by_token: dict[int, ActorMention]
) -> tuple[list[Actor], list[Actor], str]:
    """Source and target actors, and a note of the parse roles they came from."""
    source: list[Actor] = []
    target: list[Actor] = []
    notes = []
    subj = _subject(head)
    if subj is not None:
        if subj.dep_ in PASSIVE_SUBJECT_DEPS:
            target = _actors_at(subj, by_token)
            notes.append("target:nsubjpass")
        else:
            source = _actors_at(subj, by_token)
            notes.append(f"source:{subj.dep_}")
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    source = source or _actors_at(pobj, by_token)
                    notes.append("source:agent")
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not target:  # "the attacks, claimed by IS"
        target = _actors_at(verb.head, by_token)
    clause = _demanded_clause(verb, head)
    if clause is not None:
        own = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
        if own is not None:
            target = [a for a in _actors_at(own, by_token) if a not in source]
            notes.append("target:ccomp-subject")
    candidates = []
    complement = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    objects = _objects(verb) or (_objects(complement) if complement is not None else [])
    if head.i != verb.i:  # "urged [Washington] to lift sanctions": the governor's object comes first
        objects = [o for o in _objects(head) if o.dep_ in ("dobj", "dative")] + objects
    for obj in objects:  # "offered to hand over [to Britain]": the complement's object
        found = [a for a in _actors_at(obj, by_token) if a not in source]
        if found:
            candidates.append((obj, found))
    # A generic agent with no country ("troops") says less than a country does, and the source's
    # own people ("offered its troops to Lebanon") are rarely the target: prefer the others.
    own = {a.country for a in source if a.country}
    candidates.sort(key=lambda c: (not any(_has_country(a) for a in c[1]),
                                   all(a.country in own for a in c[1])))
    if candidates and not target:
        obj, target = candidates[0]
        notes.append(f"target:{obj.dep_ if obj.dep_ != 'pobj' else 'pobj:' + obj.head.lower_}")
    if not target and _is_material_conflict(code):  # "a rampage through Paris" hits France
        for place in _place_objects(verb):
            found = [_as_place(a) for a in _actors_at(place, by_token) if a not in source]
            if found:
                target = found
                notes.append(f"target:pobj:{place.head.lower_}")
                break
    return source, target, " ".join(notes)


def _demanded_clause(verb: Token, head: Token) -> Token | None:
    """The that-clause of a demand ("demanded that [the US cancel]", "say he [must leave]")."""
    if head.i != verb.i and verb.dep_ == "ccomp" and verb.head.i == head.i:
        return verb
    if TABLE.governor_modality(head.lemma_.lower()) == "demanded":
        return next((c for c in head.children if c.dep_ == "ccomp"), None)
    return None


def _has_country(actor: Actor) -> bool:
    return actor.country is not None or (actor.code or "")[:3] in INTERNATIONAL




def _is_material_conflict(code: str) -> bool:
    return "14" <= code[:2] <= "20"


def _as_place(actor: Actor) -> Actor:
    """'through Paris' names where, not who: keep the country, drop the government reading."""
    if actor.country and actor.code and actor.code != actor.country:
        return replace(actor, code=actor.country, sector=None, rule=f"{actor.rule}; as place")
    return actor


def _subject(verb: Token) -> Token | None:
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS or child.dep_ in PASSIVE_SUBJECT_DEPS:
                if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return verb.head
                return child
        fronted = main_clause_subject(verb)
        if fronted is not None:
            return fronted
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "acl" and verb.head.dep_ in OBJECT_DEPS:  # "issued a statement [demanding] ..."
            verb = verb.head.head
            seen += 1
            continue
        if verb.pos_ == "VERB":  # headline mis-parse: "Assad means ..." read as a compound noun
            left = [c for c in verb.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if left:
                return left[-1]
        if verb.dep_ not in INHERIT_SUBJECT_DEPS and not (verb.dep_ == "acomp"):
            return None
        verb = verb.head
        seen += 1
    return None


def _objects(verb: Token) -> list[Token]:
    out = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in OBJECT_DEPS:
                out.append(child)
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                out.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "prt":
                stack.append(child)
    return out


def _place_objects(verb: Token) -> list[Token]:
    return [
        g for child in verb.children if child.dep_ == "prep" and child.lower_ in PLACE_PREPS
        for g in child.children if g.dep_ == "pobj"
    ]


def _actors_at(head: Token, by_token: dict[int, ActorMention]) -> list[Actor]:
    """Actors of a noun phrase and its coordinated members ("the United States, Russia and ...")."""
    out: list[Actor] = []
    members = [head]
    for conj in sorted((c for c in head.conjuncts if c.i > head.i), key=lambda c: c.i):
        if swallowed_subject(conj):  # "through Paris, [foreign ministers] ... agreed": not Paris's list
            break
        members.append(conj)
    for member in members:
        mention = by_token.get(member.i) or _nearest_mention(member, by_token)
        if mention is not None and all(a.kb_id != mention.actor.kb_id or a.start != mention.actor.start for a in out):
            out.append(_whole_phrase(mention, member))
    return out


def _whole_phrase(mention: ActorMention, head: Token) -> Actor:
    """The actor as its event names it: the whole noun phrase ("Mali's opposition leader"),
    not only the words that resolved it, so the span shows who acts as the text says it."""
    left = right = head.i
    for child in head.children:
        if child.dep_ in PHRASE_STOP_DEPS:
            continue
        words = list(child.subtree)
        left, right = min(left, words[0].i), max(right, words[-1].i)
    cut = next((t.left_edge.i for t in head.doc[head.i + 1 : right + 1]
                if t.dep_ == "conj" and swallowed_subject(t)), None)
    if cut is not None:  # "a church in Lagos, [Nigerian ministers] ... met": the next clause's subject
        right = cut - 1
    while left < right and head.doc[right].is_punct:
        right -= 1
    if not (left <= mention.start and mention.end - 1 <= right):
        return mention.actor
    phrase = head.doc[left : right + 1]
    return replace(mention.actor, start=phrase.start_char, end=phrase.end_char, text=phrase.text)


def _nearest_mention(head: Token, by_token: dict[int, ActorMention]) -> ActorMention | None:
    """The mention closest to the head in its own phrase, not crossing a clause."""
    frontier = [head]
    for _ in range(3):
        found = [by_token[t.i] for t in frontier if t.i in by_token]
        if found:
            return found[0]
        frontier = [c for t in frontier for c in t.children if c.dep_ not in BOUNDARY_DEPS and c.dep_ != "conj"]
        if not frontier:
            break
    return None
