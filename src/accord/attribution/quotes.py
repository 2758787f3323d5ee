"""Who said what: direct, mixed and indirect quotes, with their cue and speaker.

**Cues** are the verbs of ``data/attribution/cues.tsv`` (:mod:`accord.attribution.cues`;
the events layer reads the same list), each with what it takes as content: a clause, only
a "that" clause, or also a noun object. The governor verbs of ``data/events/compose.tsv``
may also govern a mixed quote ("pledged to “take all possible steps”"); any other verb
with a subject and a "that" clause is a cue too ("charges that …"), except a few that
report no one's words (be, mean, ensure, ...: ``NOT_CUES``).

**Direct quotes** are the outermost quoted stretches of each paragraph
(:mod:`accord.attribution.marks`) that stand as speech: at the start of a sentence, after
a colon, after a cue and a comma, or right after a cue. Their cue is looked for, in order:

1. after the quote, up to the end of its sentence and within ``AFTER_WINDOW`` tokens,
   unless the quote ends in a full stop: a cue or "according to" ("…,” said a clearly
   moved Kerry"); when the quote ends in a comma, ``!`` or ``?``, the first verb there
   with a subject, whatever it is ("…,” he joked");
2. before it in the same sentence: the last verb of a clause ending in a colon ("Caddell
   continued:"), a cue followed by a comma or by nothing ('Kerry said, “…”'); a short
   name before a colon is the speaker with the colon as cue ('Trump: “…”');
3. the last verb of the previous paragraph when it ends in a colon;
4. else the quote continues the previous direct quote (same cue and speaker) when that
   quote is in the same or the previous paragraph. A quote running over several
   paragraphs shares one cue and speaker, except where a transcript turn ("PENCE: …")
   or, after a colon introduction, a paragraph's own cue starts a new attribution.

A paragraph ending in a cue and a colon ("The governor added:") introduces the next
paragraph as a direct quote even when it has no quotation marks.

**Headlines** "Speaker: what they said" ("Pence: Flowers Won’t Be at Debate") are one quote:
the text after the colon, whatever quote marks it holds, with the colon as cue.

**Mixed quotes** are quoted fragments inside a sentence (not standing as speech): the
fragment is the content, the cue the nearest cue, intent or demand verb above it in the
parse, the speaker that verb's subject; a fragment with no such verb above it (a scare
quote, a title) is no quote. The reported clause holding the fragment is an indirect
quote of its own, whether its verb is a cue or a governor ("encouraged his supporters to
make sure everything is “on the up and up”").

**Indirect quotes**: the complement of a cue ("said (that) …", "told reporters …", "says
he has been told …", "urged Congress to act"), with the conjuncts the parser hung on the
cue; the rest of the sentence around a parenthetical cue ("Lenox was a juggernaut, Mr.
Clarke said, until …": two quotes sharing one cue; "Assad plans …, Kerry said"); "according
to X" and "as X pointed out," (the clause they hang on); a noun object for the cues that take one ("claimed
responsibility for …", "spoke of Clinton's health"). Content keeps its "that" and ends at
a semicolon, before a report of its own ("… and warned", "…, citing …") and before a
reporter's aside at its end (", which …", ", contradicting …", an apposition). Cues used by
a direct quote, cues inside a direct quote (the quoted speaker's own reports), negated
cues and contents that are mostly a direct quote are skipped; no content starts inside
the dateline (``floor``). Passive cues ("he has been told …") take the "by" agent as
speaker, else none.

**Speakers** are the subject of the cue verb (through conjuncts, participles and
xcomps: "attacked Clinton, saying …"; a relative clause's noun); the actor is the actor
mention covering that word (pronouns and surnames are already resolved there), else an
Actor over the noun phrase with no code (rule ``unresolved``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from accord.attribution.cues import CUE_TAKES, CUES
from accord.attribution.marks import ALL_MARKS, Marked, paragraphs, quoted_spans
from accord.events.classify import builtin_rules
from accord.nlp.mentions import ActorMention
from accord.nlp.syntax import SPEAKER, subject_of
from accord.records import Actor, Quote, Span

GOVERNORS = frozenset(builtin_rules().governors)
# verbs with a "that" clause that report no one's words or thoughts
NOT_CUES = frozenset("be mean ensure make require prove happen seem appear".split())
RELATIVES = frozenset({"which", "who", "whose", "whom", "that"})
OBJECT_PREPS = frozenset({"about", "of", "on"})
OWN_OBJECT_PREPS = OBJECT_PREPS | {"for", "to", "with"}
# a clause opened by these after a comma at the end of a content is the reporter's aside
ASIDE_MARKS = frozenset({"when", "though", "although", "whereas"})
AFTER_WINDOW = 12  # tokens after a closing mark within which its cue must start
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
HEADLINE_SPEAKER_WORDS = 6  # at most this many words before a headline's colon name its speaker
NP_RIGHT_PREPS = frozenset({"of", "for", "at", "from"})
# the words of a parenthetical cue's own clause: "he said in a statement on Tuesday"
OWN_DEPS = frozenset({"nsubj", "aux", "neg", "advmod", "npadvmod", "prep", "agent", "dative", "dobj", "tmod"})
SENTENCE_END = frozenset({".", "!", "?", ";"})
DASHES = frozenset({"—", "–", "-", "--"})
EDGE_PUNCT = set(" \t\n\u00a0,.;:—–-")
OPENERS = set("“„«‘\"'")
CLOSERS = set("”»’\"'")
# a transcript's speaker turn: "PENCE: Well, look, …"
_TURN = re.compile(r"([A-Z][A-Z.'’\- ]{1,30}[A-Z.]):\s+")
# a sentence end in running text: ". " not after an abbreviation ("U.S.", "Mr.")
_SENT_END = re.compile(r"[.!?…][\"”’']*\s+")
_ABBREV = re.compile(r"(?:\b(?:[A-Za-z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|Inc|Co|No|vs|Sgt|Capt|Prof|Rev|Ft|Mt))\.$")


@dataclass(slots=True)
class _Frame:
    """What attributes a direct quote: its cue (span and verb token) and speaker."""

    cue: Span | None
    speaker: Actor | None
    verb: Token | None = None


def find_quotes(doc: Doc, mentions: list[ActorMention], *, floor: int = 0) -> list[Quote]:
    """All quotes of a parsed document, in text order, with ids q1, q2, ...

    ``floor``: no indirect content starts before this offset (the end of a dateline,
    which the parser takes for part of the first sentence).
    """
    return _Finder(doc, mentions, floor).run()


class _Finder:
    def __init__(self, doc: Doc, mentions: list[ActorMention], floor: int = 0):
        self.doc = doc
        self.floor = floor
        self.text = doc.text
        self.toks = list(doc)
        self.starts = [t.idx for t in self.toks]
        self.by_token: dict[int, ActorMention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, m)
        self.paras = paragraphs(self.text)
        self.used_cues: set[int] = set()
        self.mixed_verbs: set[int] = set()  # verbs governing a mixed fragment: their complement is a report

    # ---- token helpers ----

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens lying wholly inside the characters ``start:end``."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.toks) and self.toks[i].idx + len(self.toks[i].text) <= end:
            out.append(self.toks[i])
            i += 1
        return out

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def tok_span(self, first: Token, last: Token) -> Span:
        return self.span(first.idx, last.idx + len(last.text))

    # ---- the passes ----

    def run(self) -> list[Quote]:
        marked = quoted_spans(self.text)
        quotes: list[tuple[int, int, str, _Frame]] = []
        headline = self._headline()
        if headline is not None:  # its quoted stretches are part of its one content
            quotes.append(headline)
            marked = [m for m in marked if not headline[0] <= m.start < headline[1]]
        direct: list[Marked] = []
        for k, m in enumerate(marked):
            prev = marked[k - 1] if k else None
            if self._stands_alone(m, prev, after_direct=bool(direct) and direct[-1] is prev):
                direct.append(m)
        fragments = [m for m in marked if m not in direct]
        quotes += self._direct(direct, marked)
        quotes += self._block_quotes(marked)
        inside = [(q[0], q[1]) for q in quotes]
        quotes += self._mixed(fragments)
        quotes += self._indirect(inside)
        quotes.sort(key=lambda q: (q[0], -q[1]))
        return [
            Quote(f"q{n}", s, e, self.text[s:e], kind, frame.cue, frame.speaker)
            for n, (s, e, kind, frame) in enumerate(quotes, start=1)
        ]

    # ---- headline ----

    def _headline(self) -> tuple[int, int, str, _Frame] | None:
        """A headline "Speaker: what they said" ("Pence: Flowers Won’t Be at Debate", "Obama on
        Climate Change: The Trends Are ‘Terrifying’"): the text after the colon is the content,
        the colon the cue, the words before it (up to a preposition) the speaker. A label that
        opens with a determiner or an interjection ("The Latest:", "A lesson from …:"), one with a
        verb ("Lavrov said:" introduces a quote of its own) and a place (a dateline) are no speaker."""
        if len(self.paras) < 2:
            return None
        p0, p1 = self.paras[0]
        words = [t for t in self.tokens_in(p0, p1) if not t.is_space]
        colon = next((k for k, t in enumerate(words) if t.text == ":"), None)
        if colon is None or not 0 < colon <= HEADLINE_SPEAKER_WORDS or len(words) - colon < 4:
            return None
        label = words[:colon]
        if label[0].pos_ in ("DET", "INTJ") or any(t.pos_ in ("VERB", "AUX") for t in label) \
                or not any(t.text[:1].isupper() for t in label) or words[colon].idx < self.floor <= p1:
            return None
        upto = next((k for k, t in enumerate(label) if t.pos_ == "ADP" and k), len(label))
        named = [t for t in label[:upto] if t.i in self.by_token]
        head = named[-1] if named else label[upto - 1]
        if head.ent_type_ in PLACE_ENTITIES:  # "NEW DELHI: …" is a dateline
            return None
        speaker = self.actor_for(head) if named else Actor(
            label[0].idx, head.idx + len(head.text), self.text[label[0].idx : head.idx + len(head.text)],
            None, None, None, None, None, None, "unresolved")
        start, end = self._trim(words[colon].idx + 1, p1)
        inner = [m for m in quoted_spans(self.text[: p1]) if m.para == 0 and m.start < end and m.end > start]
        whole = len(inner) == 1 and inner[0].open == start and inner[0].close is not None and inner[0].close + 1 >= end
        kind = "direct" if whole else "indirect"
        return start, end, kind, _Frame(self.tok_span(words[colon], words[colon]), speaker, None)

    # ---- direct quotes ----

    def _lead(self, m: Marked, prev: Marked | None) -> str:
        """The text of the quote's sentence before its opening mark (same paragraph)."""
        p0 = self.paras[m.para][0]
        if prev is not None and prev.para == m.para and prev.close is not None:
            p0 = prev.close + 1
        before = self.text[p0 : m.open]
        cut = 0
        for found in _SENT_END.finditer(before):
            if not _ABBREV.search(before[: found.start() + 1]):
                cut = found.end()
        return before[cut:]

    def _stands_alone(self, m: Marked, prev: Marked | None, *, after_direct: bool = False) -> bool:
        """A quote that is speech of its own, not a fragment inside a sentence; one opening a
        sentence (or after "but") right after a direct quote of the same paragraph goes on with it
        ('“…,” said Cole. “It's a tax increase” for the top bracket', '“…,” he said, but “…”')."""
        if m.continues:
            return True
        lead = self._lead(m, prev).strip()
        if after_direct and prev is not None and prev.para == m.para and (
                not lead or len(lead.split()) <= 6 and lead.split()[-1].lower() in ("but", "and")):
            return True
        raw_end = self.text[m.start : m.close].rstrip("".join(ALL_MARKS))[-1:] if m.close is not None else "."
        ends_like_speech = raw_end in ",.!?…—-" or m.close is None  # also '… saying, ‘Don’t.’”'
        if not lead or lead in ("-", "—", "–"):
            after = self.text[m.close + 1 : min(m.close + 40, self.paras[m.para][1])] if m.close is not None else ""
            return ends_like_speech or not after.strip() or after.lstrip()[:1] in ",.;"
        if lead.endswith(":"):
            return True
        lead_toks = self.tokens_in(m.open - len(self._lead(m, prev)), m.open)
        words = [t for t in lead_toks if not t.is_space]
        if lead.endswith(",") and any(self._is_cue(t) for t in words[-6:]):
            return True
        if words and self._is_cue(words[-1]) and raw_end in ".!?…":
            return True
        return False

    def _is_cue(self, tok: Token) -> bool:
        return tok.pos_ == "VERB" and tok.lemma_.lower() in CUES

    def _direct(self, direct: list[Marked], marked: list[Marked]) -> list[tuple[int, int, str, _Frame]]:
        chains: list[list[Marked]] = []  # a quote and the paragraphs that continue it
        for m in direct:
            if m.continues and chains and chains[-1][-1].para == m.para - 1:
                chains[-1].append(m)
            else:
                chains.append([m])
        out: list[tuple[int, int, str, _Frame]] = []
        last: tuple[int, _Frame] | None = None  # (paragraph, frame) of the latest attributed quote
        for chain in chains:
            for unit, frame in self._units(chain, marked):
                if frame is None and last is not None and unit[0][0].para - last[0] <= 1:
                    frame = last[1]
                frame = frame or _Frame(None, None)
                if frame.verb is not None:
                    self.used_cues.add(frame.verb.i)
                if frame.cue is not None or frame.speaker is not None:
                    last = (unit[-1][0].para, frame)
                out.extend((start, m.end, "direct", frame) for m, start in unit)
        return out

    def _units(self, chain: list[Marked], marked: list[Marked]) -> list[tuple[list[tuple[Marked, int]], _Frame | None]]:
        """A chain of quoted paragraphs cut into attributions: one frame for the chain, except
        for speaker turns ("PENCE: Well, …") and, after a colon introduction, a paragraph
        bringing its own cue ("McCrummen reports:" … "“It never crossed my mind,” she said")."""
        before = self._cue_before(chain[0], marked) or self._cue_previous_paragraph(chain[0])
        units: list[tuple[list[tuple[Marked, int]], _Frame | None]] = []
        current: list[tuple[Marked, int]] = []
        frame, fixed = before, before is not None  # fixed: the frame came before the quote
        for m in chain:
            turn = self._turn(m)
            after = None if turn else self._cue_after(m, marked)
            if turn is not None:
                start, turn_frame = turn
                if current:
                    units.append((current, frame))
                current, frame, fixed = [(m, start)], turn_frame, True
            elif after is not None and fixed and current:
                units.append((current, frame))
                current, frame, fixed = [(m, m.start)], after, False
            else:
                current.append((m, m.start))
                frame = frame or after
        if current:
            units.append((current, frame))
        return units

    def _turn(self, m: Marked) -> tuple[int, _Frame] | None:
        """A transcript's speaker turn at the start of a quote: "PENCE: Well, look, …"."""
        found = _TURN.match(self.text, m.start, m.end)
        if found is None or found.end() >= m.end:
            return None
        colon = m.start + len(found.group(1))
        names = self.tokens_in(m.start, colon)
        if not names:
            return None
        named = [t for t in names if t.i in self.by_token]
        speaker = self.actor_for(named[-1]) if named else Actor(
            m.start, colon, self.text[m.start:colon], self.text[m.start:colon], None, None, None, None, None, "unresolved")
        return found.end(), _Frame(self.span(colon, colon + 1), speaker, None)

    def _cue_after(self, m: Marked, marked: list[Marked]) -> _Frame | None:
        if m.close is None or self.text[m.close - 1] == ".":  # “… end.” closes its sentence: no cue follows
            return None
        p1 = self.paras[m.para][1]
        nxt = next((o.open for o in marked if o.open > m.close and o.para == m.para), p1)
        window: list[Token] = []
        for tok in self.tokens_in(m.close + 1, nxt):
            if tok.text in SENTENCE_END:
                break
            if not tok.is_space and not all(c in ALL_MARKS for c in tok.text):
                window.append(tok)
        window = window[: AFTER_WINDOW + 3]
        for k, tok in enumerate(window[:AFTER_WINDOW]):
            if tok.lower_ == "according" and k + 1 < len(window) and window[k + 1].lower_ == "to":
                obj = next((t for t in window[k + 1].children if t.dep_ == "pobj"), None)
                cue = self.tok_span(tok, window[k + 1])
                return _Frame(cue, self.actor_for(obj) if obj is not None else None, tok)
            if self._is_cue(tok) and not _negated(tok):
                return _Frame(self.tok_span(tok, tok), self._speaker(tok, window), tok)
        if self.text[m.close - 1] in ",!?":  # "…,” he joked": the first verb with a subject
            for tok in window[:6]:
                if tok.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in tok.children):
                    return _Frame(self.tok_span(tok, tok), self._speaker(tok, window), tok)
        return None

    def _cue_before(self, m: Marked, marked: list[Marked]) -> _Frame | None:
        k = marked.index(m)
        prev = marked[k - 1] if k else None
        lead = self._lead(m, prev)
        words = [t for t in self.tokens_in(m.open - len(lead), m.open) if not t.is_space]
        if not words:
            return None
        if words[-1].text == ":":
            return self._colon_frame(words[:-1], words[-1])
        if words[-1].text == ",":
            for tok in reversed(words[-6:]):
                if self._is_cue(tok) and not _negated(tok):
                    return _Frame(self.tok_span(tok, tok), self._speaker(tok, words), tok)
            return None
        tok = words[-1]
        if self._is_cue(tok) and not _negated(tok):
            return _Frame(self.tok_span(tok, tok), self._speaker(tok, words), tok)
        return None

    def _block_quotes(self, marked: list[Marked]) -> list[tuple[int, int, str, _Frame]]:
        """A paragraph that ends in a cue and a colon ("The governor added:") introduces the next
        paragraph as a quote even without quotation marks."""
        out = []
        opened = {m.para for m in marked}
        for k in range(1, len(self.paras) - 1):
            p0, p1 = self.paras[k]
            words = [t for t in self.tokens_in(p0, p1) if not t.is_space]
            if len(words) < 2 or words[-1].text != ":" or k + 1 in opened:
                continue
            cut = max((j + 1 for j, t in enumerate(words[:-1]) if t.text in SENTENCE_END), default=0)
            frame = self._colon_frame(words[cut:-1], words[-1])
            verb = frame.verb if frame is not None else None
            if verb is None or not self._is_cue(verb) or verb.dep_ != "ROOT" or CUE_TAKES[verb.lemma_.lower()] != "clause" \
                    or verb.i in self.used_cues or any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
                continue  # not "the stories talked about today:", "pointed out that … were ignored:"
            self.used_cues.add(verb.i)
            start, end = self._trim(*self.paras[k + 1])
            out.append((start, end, "direct", frame))
        return out

    def _cue_previous_paragraph(self, m: Marked) -> _Frame | None:
        if m.para == 0 or self.text[self.paras[m.para][0] : m.open].strip():
            return None
        p0, p1 = self.paras[m.para - 1]
        words = [t for t in self.tokens_in(p0, p1) if not t.is_space]
        if words and words[-1].text == ":":
            cut = max((k + 1 for k, t in enumerate(words[:-1]) if t.text in SENTENCE_END), default=0)
            return self._colon_frame(words[cut:-1], words[-1])
        return None

    def _colon_frame(self, words: list[Token], colon: Token) -> _Frame | None:
        """'Caddell continued:', 'The New York Times reports:', 'Trump:'."""
        verbs = [t for t in words if t.pos_ == "VERB" and not _negated(t)]
        cues = [t for t in verbs if t.lemma_.lower() in CUES]
        verb = (cues or verbs or [None])[-1]
        if verb is not None:
            if verb.dep_ in ("amod", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
                return None  # "the following:" heads no speaker of its own
            return _Frame(self.tok_span(verb, verb), self._speaker(verb, words), verb)
        names = [t for t in words if t.i in self.by_token]
        if names and len(words) <= 6:
            return _Frame(self.tok_span(colon, colon), self.actor_for(names[-1]), None)
        return None

    # ---- mixed quotes ----

    def _mixed(self, fragments: list[Marked]) -> list[tuple[int, int, str, _Frame]]:
        out = []
        for m in fragments:
            toks = self.tokens_in(m.start, m.end)
            if not toks:
                continue
            inner = {t.i for t in toks}
            roots = [t for t in toks if t.head.i not in inner or t.head.i == t.i]
            verb = None
            for anc in roots[0].ancestors if roots else ():
                low = anc.lemma_.lower()
                if anc.pos_ == "VERB" and (low in CUES or low in GOVERNORS) and not _negated(anc):
                    verb = anc
                    break
                if anc.lower_ == "according":
                    verb = anc
                    break
            if verb is None or any(t.i == verb.i for t in toks):
                continue
            if verb.lower_ == "according":
                obj = next((t for t in verb.subtree if t.dep_ == "pobj"), None)
                frame = _Frame(self.tok_span(verb, verb.nbor(1)), self.actor_for(obj) if obj is not None else None, verb)
            else:
                frame = _Frame(self.tok_span(verb, verb), self._speaker(verb, []), verb)
                self.mixed_verbs.add(verb.i)
            out.append((m.start, m.end, "mixed", frame))
        return out

    # ---- indirect speech ----

    def _indirect(self, direct: list[tuple[int, int]]) -> list[tuple[int, int, str, _Frame]]:
        out = []
        starts = sorted(direct)

        def in_direct(char: int) -> bool:
            k = bisect.bisect_right(starts, (char, 1 << 30)) - 1
            return k >= 0 and starts[k][0] <= char < starts[k][1]

        def direct_share(segments: list[tuple[int, int]]) -> float:
            inside = sum(max(0, min(e, b) - max(s, a)) for a, b in direct for s, e in segments)
            return inside / max(1, sum(e - s for s, e in segments))

        for tok in self.toks:
            low = tok.lemma_.lower()
            according = tok.lower_ == "according" and tok.i + 1 < len(self.toks) and self.toks[tok.i + 1].lower_ == "to"
            if not according and not (tok.pos_ == "VERB" and (low in CUES or tok.i in self.mixed_verbs or _that_clause(tok))):
                continue
            if tok.i in self.used_cues or in_direct(tok.idx) or _negated(tok):
                continue
            if according:
                found = self._according(tok)
            elif _as_clause(tok):  # "as X pointed out, …": the clause it hangs on, like "according to"
                found = self._hung_on(tok, self.tok_span(tok, tok), self._speaker(tok, []))
            else:
                found = self._complement(tok)
            if found is None:
                continue
            segments, frame = found
            kept = []
            for s, e in segments:
                if s < self.floor < e:
                    s, e = self._trim(self.floor, e)
                if e - s >= 2:
                    kept.append((s, e))
            if not kept or direct_share(kept) > 0.5:
                continue
            out.extend((s, e, "indirect", frame) for s, e in kept)
        return out

    def _according(self, tok: Token) -> tuple[list[tuple[int, int]], _Frame] | None:
        obj = next((t for t in tok.subtree if t.dep_ == "pobj"), None)
        cue = self.tok_span(tok, self.toks[tok.i + 1])
        return self._hung_on(tok, cue, self.actor_for(obj) if obj is not None else None)

    def _hung_on(self, tok: Token, cue: Span, speaker: Actor | None) -> tuple[list[tuple[int, int]], _Frame] | None:
        """The clause a sourcing phrase hangs on, on the side of it where its head lies:
        "[the rebels lost 20 fighters], according to …", "as police have said"."""
        head = tok.head
        if head.i == tok.i:
            return None
        own = {t.i for t in tok.subtree}
        rest = [t for t in head.subtree if t.i not in own]
        side = [t for t in rest if t.i < tok.i] if head.i < tok.i else [t for t in rest if t.i > tok.i]
        side = _contiguous(side, head)
        if not side:
            return None
        span = self._trim(side[0].idx, side[-1].idx + len(side[-1].text))
        return [span], _Frame(cue, speaker, tok)

    def _complement(self, tok: Token) -> tuple[list[tuple[int, int]], _Frame] | None:
        """The content of a cue verb: its complement, the clause around it, or its object."""
        low = tok.lemma_.lower()
        takes = CUE_TAKES.get(low, "clause")
        deps = ("ccomp",) if takes == "that" else ("ccomp", "xcomp")
        comps = [c for c in tok.children if c.dep_ in deps and c.i > tok.i]
        segments: list[tuple[int, int]] = []
        if low == "call":
            segments = self._call(tok)
        elif comps:  # "told [Assad means] [to enter …]": the parser may split one complement in two
            first, last = min(c.left_edge.i for c in comps), max(c.right_edge.i for c in comps)
            last = _with_conjuncts(tok, last)
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.right_edge.i == first - 1), None)
            if obj is not None and any(c.dep_ == "xcomp" for c in comps):  # "urged [Congress to act]"
                first = obj.left_edge.i
            toks = [t for t in self.toks[first : last + 1] if not _in_according(t)]
            toks = _cut(_contiguous(toks, comps[0]))
            if toks:
                segments = [self._trim(toks[0].idx, toks[-1].idx + len(toks[-1].text))]
        if not segments and takes != "that":
            segments = self._around(tok)
        if not segments and takes == "stance" and not getattr(self._speaker(tok, []), "name", None):
            return None  # "gunmen attacked a church": an act, not words
        if not segments and takes in ("object", "stance"):
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")
                        and c.ent_type_ not in ("DATE", "TIME")), None)
            if obj is None:  # "spoke of Clinton's health", "warned about hackers"
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS), None)
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):  # not "spoke on Monday"
                last = obj.right_edge
                for c in tok.children:  # "accused Clinton of lying", "cited remarks as examples of …", "described behavior by …"
                    if c.dep_ == "prep" and c.i > last.i and (c.lower_ in ("of", "for", "as") or c.left_edge.i == last.i + 1):
                        last = c.right_edge
                last = self.toks[_with_conjuncts(tok, last.i)]
                toks = _cut([t for t in self.toks[obj.left_edge.i : last.i + 1]])
                if toks:
                    segments = [self._trim(toks[0].idx, toks[-1].idx + len(toks[-1].text))]
        if not segments:
            return None
        return segments, _Frame(self.tok_span(tok, tok), self._speaker(tok, []), tok)

    def _call(self, tok: Token) -> list[tuple[int, int]]:
        """"called X “deplorables”", "called (Friday) for X", "called on X to Y"."""
        kids = list(tok.children)
        oprd = next((c for c in kids if c.dep_ == "oprd"), None)
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        if oprd is not None and obj is not None:
            return [self._trim(obj.left_edge.idx, oprd.right_edge.idx + len(oprd.right_edge.text))]
        for prep in kids:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "on") and prep.i > tok.i and all(
                    t.dep_ in ("npadvmod", "advmod") or t.ent_type_ in ("DATE", "TIME") for t in self.toks[tok.i + 1 : prep.i]):
                first = self.toks[prep.i + 1] if prep.i + 1 < len(self.toks) else None
                last = prep.right_edge
                for c in kids:  # "called on X to stop": the xcomp belongs to the content
                    if c.dep_ in ("xcomp", "ccomp") and c.i > prep.i:
                        last = max(last, c.right_edge, key=lambda t: t.i)
                if first is not None and last.i >= first.i:
                    return [self._trim(first.idx, last.idx + len(last.text))]
        return []

    def _around(self, tok: Token) -> list[tuple[int, int]]:
        """A parenthetical cue: "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt";
        not a clause the cue governs itself ("If they failed, the government would deny …")."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in RELATIVES or tok.dep_ not in ("ROOT", "parataxis"):
            return []  # not "the AP, which first reported the story"
        own = {tok.i}
        for child in tok.children:
            if child.dep_ in OWN_DEPS:
                own.update(t.i for t in child.subtree)
        lo, hi = min(own), max(own)
        sent = tok.sent
        before = [t for t in self.toks[sent.start : lo] if not t.is_space]
        marks = 0  # '… failure,” he said': the comma sits inside the closing mark
        while marks < len(before) - 1 and all(c in ALL_MARKS for c in before[-1 - marks].text):
            marks += 1
        after = [t for t in self.toks[hi + 1 : sent.end] if not t.is_space]
        if len(before) < marks + 2 or before[-1 - marks].text not in (",", "—", "–", "--"):
            return []
        left = [t for t in (before[:-1] if not marks else before) if not _in_according(t)]
        right = after[1:] if after and after[0].text in (",", "—", "–", "--") else []
        if not any(t.pos_ in ("VERB", "AUX") for t in left + right):
            return []
        # a clause the cue governs itself ("But when the time came, Washington backed …") is no content
        adverbial = {t.i for c in tok.children if c.dep_ in ("advcl", "cc") for t in c.subtree}
        segments = []
        for part in (left, right):
            if part and any(not t.is_punct and t.i not in adverbial for t in part):
                segments.append(self._trim(part[0].idx, part[-1].idx + len(part[-1].text)))
        return [(s, e) for s, e in segments if e > s]

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Strip edge punctuation, and edge quote marks that have no partner inside."""
        text = self.text
        while True:
            old = (start, end)
            while start < end and text[start] in EDGE_PUNCT:
                start += 1
            while end > start and text[end - 1] in EDGE_PUNCT:
                end -= 1
            if start < end and text[start] in OPENERS and not any(c in CLOSERS for c in text[start + 1 : end]):
                start += 1
            if start < end and text[end - 1] in CLOSERS and not any(c in OPENERS for c in text[start : end - 1]):
                if not (text[end - 1] in "’'" and end - 2 >= start and text[end - 2].isalpha()):
                    end -= 1
            if (start, end) == old:
                return start, end

    # ---- speakers ----

    def _speaker(self, verb: Token, window: list[Token]) -> Actor | None:
        subj = subject_of(verb, SPEAKER)
        if subj is None and window:  # a cue the parser left without a subject: the nearest name
            after = [t for t in window if t.i > verb.i and t.i in self.by_token]
            before = [t for t in window if t.i < verb.i and t.i in self.by_token]
            subj = after[0] if after else (before[-1] if before else None)
        return self.actor_for(subj) if subj is not None else None

    def actor_for(self, tok: Token) -> Actor:
        return actor_at(tok, self.by_token)

def _that_clause(tok: Token) -> bool:
    """A verb with a subject and a "that" clause after it: "charges that …", "disclosed that …"."""
    return tok.lemma_.lower() not in NOT_CUES and any(c.dep_ == "nsubj" for c in tok.children) and any(
        c.dep_ == "ccomp" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children)


def _with_conjuncts(verb: Token, last: int) -> int:
    """Extend a content ending at token ``last`` over the conjuncts the parser hung on the cue
    verb after it: "wants [to triple X], [grow Y] and [create Z]"."""
    for child in verb.rights:
        if child.i > last and child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") \
                and child.lemma_.lower() not in CUES and not any(c.dep_ == "nsubj" for c in child.children):
            last = child.right_edge.i
    return last


def _cut(toks: list[Token]) -> list[Token]:
    """A complement ends at a semicolon, and before a report of its own that the parser hung
    on it, a cue verb ("said he would order a review and warned against …", "…, citing …"; not the
    noun in "this hatred and foul talk were wrong"); a cue clause
    with a subject or subordinator of its own ("… because Republicans had asked …") is content."""
    for k, tok in enumerate(toks):
        if not k:
            continue
        if tok.text == ";":
            return toks[:k]
        first = tok.left_edge
        if tok.dep_ in ("relcl", "appos", "advcl") and tok.right_edge.i >= toks[-1].i and first.i > toks[0].i + 1 \
                and (first.nbor(-1).text == "," or first.nbor(-1).text in DASHES and tok.dep_ == "appos") \
                and (tok.dep_ == "appos" or first.lower_ in RELATIVES):
            return _before(toks, first)  # "…, which forced her to leave": the reporter's aside
        if first.i > toks[0].i + 1 and first.nbor(-1).text == "," and tok.dep_ == "advcl" \
                and tok.right_edge.i >= toks[-1].i and (
                    (tok.tag_ == "VBG" and all(t.pos_ == "ADV" for t in toks[k - (tok.i - first.i) : k]))
                    or any(c.dep_ == "mark" and c.lower_ in ASIDE_MARKS for c in tok.children)):
            return _before(toks, first)  # "…, (implicitly) contradicting …", "…, when there are clips of …"
        if tok.dep_ in ("conj", "advcl") and tok.pos_ == "VERB" and tok.lemma_.lower() in CUES \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children):
            cut = next((j for j, t in enumerate(toks) if t.i == tok.left_edge.i), k)
            while cut > 0 and toks[cut - 1].dep_ in ("cc", "punct"):
                cut -= 1
            if cut > 0:
                return toks[:cut]
    return toks


def _before(toks: list[Token], first: Token) -> list[Token]:
    """``toks`` up to ``first``, without the comma before it."""
    cut = next((j for j, t in enumerate(toks) if t.i == first.i), len(toks))
    while cut > 0 and toks[cut - 1].text in (",", "—", "–", "--"):
        cut -= 1
    return toks[:cut]


def _as_clause(tok: Token) -> bool:
    """A cue in an "as" clause set off by a comma from the reported clause it hangs on: "As one
    adviser pointed out, …", "…, as police have said" (not "failed as predicted")."""
    doc = tok.doc
    first, last = tok.left_edge.i, tok.right_edge.i
    edge = doc[first - 1] if tok.head.i < tok.i and first > 0 else doc[last + 1] if last + 1 < len(doc) else None
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) \
        and edge is not None and edge.text in (",", "—", "–", "--") \
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp", "dative") or (c.dep_ == "prep" and c.lower_ in OWN_OBJECT_PREPS)
                    for c in tok.children)  # not "as she called for ratification": a cue with its own content


def _in_according(tok: Token) -> bool:
    """Part of an "according to X" phrase (a report inside the report)."""
    return any(t.dep_ == "prep" and t.lower_ == "according" for t in [tok, *tok.ancestors])


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _contiguous(toks: list[Token], anchor: Token) -> list[Token]:
    """The unbroken run of token indices holding ``anchor`` (subtrees minus a part may have gaps)."""
    if not toks:
        return []
    idx = sorted(toks, key=lambda t: t.i)
    pos = next((k for k, t in enumerate(idx) if t.i == anchor.i), None)
    if pos is None:
        return idx
    lo = pos
    while lo > 0 and idx[lo - 1].i == idx[lo].i - 1:
        lo -= 1
    hi = pos
    while hi + 1 < len(idx) and idx[hi + 1].i == idx[hi].i + 1:
        hi += 1
    return idx[lo : hi + 1]


def speaker_of(verb: Token, by_token: dict[int, ActorMention]) -> Actor | None:
    """The speaker of a cue verb: its subject (the "by" agent of a passive), as an actor."""
    subj = subject_of(verb, SPEAKER)
    return actor_at(subj, by_token) if subj is not None else None


def actor_at(tok: Token, by_token: dict[int, ActorMention]) -> Actor:
    """The actor mention covering ``tok`` (pronouns and surnames are resolved there), else
    an Actor over its noun phrase with no code (rule ``unresolved``)."""
    mention = by_token.get(tok.i)
    if mention is not None:
        return replace(mention.actor)
    first, last = tok.left_edge, tok
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in NP_RIGHT_PREPS:
            last = child.right_edge
        elif child.dep_ in ("compound", "amod", "nummod"):
            last = child.right_edge
        else:
            break
    doc = tok.doc
    while first.i < tok.i and (first.is_punct or first.is_space):
        first = doc[first.i + 1]
    words = doc[first.i : last.i + 1]
    name = words.text if tok.pos_ == "PROPN" else None
    return Actor(words.start_char, words.end_char, words.text, name, None, None, None, None, None, "unresolved")
