"""Code one verb from its dependency parse with the verb dictionary, and compose governed verbs.

``classify_verb`` finds the verb's dictionary entry (a phrasal one when its particles are
among its children), then the most specific pattern whose words the parse supplies:
"pre" words left of the verb (subject side), "post" words and prepositional phrases
right of it (objects, complements, passive subject). ``compose`` folds a governor
("agreed", "urged", "threatened") and its complement verb into one CAMEO code, by
the rules of ``data/events/compose.tsv``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from accord.datafiles import read_data
from accord.errors import DataFileError, Errors
from accord.events.verbs import NO_EVENT, Pattern, Prep, Slot, VerbDictionary, VerbEntry
from accord.nlp.syntax import modified_noun

# Right-side children that are not the verb's own arguments: other clauses, punctuation.
NOT_ARGUMENT_DEPS = {"punct", "cc", "conj", "parataxis", "advcl", "ccomp", "mark", "relcl", "appos", "dep", "meta"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
INHERIT_SUBJECT_DEPS = {"xcomp", "conj", "advcl"}  # verbs that share their head's subject
PREP_DEPS = {"prep", "agent", "dative", "prt"}


@dataclass(frozen=True, slots=True)
class VerbMatch:
    code: str
    rule: str  # "CAMEO.2.0.txt:950 ASK FOR * (FOR {HUMANITARIAN AID})": the line that decided
    tokens: list[int]  # the trigger: verb, particles, matched pattern words (doc indexes, sorted)
    specificity: int  # pattern words matched; 0 for the verb's own code
    swap: bool = False  # the event runs from the verb's other party to its subject ([:173])
    paired: str | None = None  # code of a second event in the reverse direction ([042:043])


def classify_verb(token: Token, verbs: VerbDictionary) -> VerbMatch | None:
    """The CAMEO code of ``token`` as a verb, or None when the dictionary gives it no event."""
    for entry, particles in _entries(token, verbs):
        decided, match = _classify_entry(token, entry, particles)
        if decided:
            return match
    return None


def _entries(token: Token, verbs: VerbDictionary) -> Iterable[tuple[VerbEntry, list[int]]]:
    """Candidate entries, phrasal ones whose particles are present first."""
    lemma, form = token.lemma_.lower(), token.lower_
    for entry in verbs.phrasal(lemma, form):
        found = _particles(token, entry.particles)
        if found is not None:
            yield entry, found
    entry = verbs.lookup(lemma, form)
    if entry is not None:
        yield entry, []


def _particles(verb: Token, particles: tuple[str, ...]) -> list[int] | None:
    """Indexes of the particles, in order right of the verb, each a child of the verb or the last one."""
    found: list[int] = []
    prev = verb
    for word in particles:
        nxt = next((c for c in (*verb.children, *prev.children)
                    if c.i > prev.i and word in (c.lower_, c.lemma_.lower())), None)
        if nxt is None:
            return None
        found.append(nxt.i)
        prev = nxt
    return found


def _classify_entry(verb: Token, entry: VerbEntry, particles: list[int]) -> tuple[bool, VerbMatch | None]:
    """(decided, match): a pattern or the entry's own code decides; '---' alone does not."""
    ctx = _Context(verb)
    best: tuple[int, Pattern, set[int]] | None = None
    for pattern in entry.patterns:
        matched = ctx.match(pattern)
        if matched and (best is None or len(matched) > best[0]):
            best = (len(matched), pattern, matched)
    name = entry.lemma.upper()
    if best is not None:
        size, pattern, matched = best
        if pattern.code == NO_EVENT:
            return True, None
        tokens = sorted({verb.i, *particles, *matched})
        return True, VerbMatch(pattern.code, f"{pattern.source} {name} {pattern.text}", tokens, size,
                               pattern.swap, pattern.paired)
    if entry.code == NO_EVENT:
        return False, None
    tokens = sorted({verb.i, *particles})
    return True, VerbMatch(entry.code, f"{entry.source} {name}", tokens, 0, entry.swap, entry.paired)


class _Region:
    """Tokens a slot may match, indexed by lower-case form and lemma."""

    def __init__(self, tokens: Iterable[Token]):
        self.members: set[int] = set()
        self.index: dict[str, list[int]] = {}
        for tok in tokens:
            self.members.add(tok.i)
            for key in {tok.lower_, tok.lemma_.lower()}:
                self.index.setdefault(key, []).append(tok.i)


@dataclass
class _Context:
    """The verb's left (subject) and right (object) sides, with per-part match caches."""

    verb: Token
    pre: _Region = field(init=False)
    post: _Region = field(init=False)
    post_preps: list[Token] = field(init=False)
    _runs: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        pre, post = _sides(self.verb)
        self.pre, self.post = _Region(pre), _Region(post)
        self.post_preps = [t for t in post if t.dep_ in PREP_DEPS or t.pos_ == "ADP"]

    def match(self, pattern: Pattern) -> set[int] | None:
        """Token indexes the pattern's words matched, or None if any slot failed (or it has none)."""
        matched: set[int] = set()
        for slots, region in ((pattern.pre, self.pre), (pattern.post, self.post)):
            for slot in slots:
                found = self._slot(slot, region)
                if found is None:
                    return None
                matched |= found
        for prep in pattern.preps:
            found = self._prep(prep)
            if found is None:
                return None
            matched |= found
        return matched or None

    def _prep(self, prep: Prep) -> set[int] | None:
        best: set[int] | None = None
        for tok in self.post_preps:
            if tok.lower_ not in prep.preps:
                continue
            if not prep.noun:
                found: set[int] | None = {tok.i}
            else:
                inner = _Region(t for t in tok.subtree if t.i != tok.i and t.i in self.post.members)
                found = self._slot(prep.noun, inner, cache=False)
                found = found | {tok.i} if found is not None else None
            if found is not None and (best is None or len(found) > len(best)):
                best = found
        return best

    def _slot(self, slot: Slot, region: _Region, cache: bool = True) -> set[int] | None:
        """The longest way the slot's parts match in order; earlier parts must touch the next
        part or sit in the head word's phrase ("financial and military aid")."""
        head_runs = self._part(slot[-1], region, cache)
        best: set[int] | None = None
        doc = self.verb.doc
        for start, end in head_runs:
            found = set(range(start, end + 1))
            left_edge = doc[end].left_edge.i
            cursor = start
            for part in reversed(slot[:-1]):
                runs = [r for r in self._part(part, region, cache)
                        if r[1] < cursor and (r[1] + 1 == cursor or r[0] >= left_edge)]
                if not runs:
                    break
                run = max(runs, key=lambda r: r[1])
                found.update(range(run[0], run[1] + 1))
                cursor = run[0]
            else:
                if best is None or len(found) > len(best):
                    best = found
        return best

    def _part(self, part: dict[str, tuple[tuple[str, ...], ...]], region: _Region,
              cache: bool) -> list[tuple[int, int]]:
        """(first, last) token index of every run of consecutive region tokens spelling an alternative."""
        key = (id(part), id(region))
        if cache and key in self._runs:
            return self._runs[key]
        doc = self.verb.doc
        runs: set[tuple[int, int]] = set()
        keys = region.index.keys() & part.keys() if len(part) > len(region.index) else \
            [k for k in part if k in region.index]
        for first in keys:
            for i in region.index[first]:
                for words in part[first]:
                    end = i + len(words) - 1
                    if end < len(doc) and all(
                        i + k in region.members and words[k] in (doc[i + k].lower_, doc[i + k].lemma_.lower())
                        for k in range(1, len(words))
                    ):
                        runs.add((i, end))
        result = sorted(runs)
        if cache:
            self._runs[key] = result
        return result


def _sides(verb: Token) -> tuple[list[Token], list[Token]]:
    """(subject side, object side) of the verb: the subtrees of its left and right arguments.

    A passive subject belongs to the object side and a ``by`` agent to the subject side, as the
    dictionary's patterns are written for the active voice; so does the noun a bare passive
    participle describes (:func:`modified_noun`). A verb without a subject of its
    own ("rebels attacked and [burned] ...", "agreed to [meet]") borrows its head's.
    """
    pre: list[Token] = []
    post: list[Token] = []
    own_subject = False
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            own_subject = True
        if child.dep_ == "nsubjpass" or (child.i > verb.i and child.dep_ not in NOT_ARGUMENT_DEPS):
            post.extend(child.subtree)
            if child.dep_ == "agent":
                pre.extend(child.subtree)
        elif child.i < verb.i and child.dep_ not in NOT_ARGUMENT_DEPS:
            pre.extend(child.subtree)
    if not own_subject and (noun := modified_noun(verb)) is not None:  # "the attacks, [claimed] by IS"
        post.append(noun)
    head, depth = verb, 0
    while not own_subject and head.dep_ in INHERIT_SUBJECT_DEPS and head.head is not head and depth < 3:
        head, depth = head.head, depth + 1
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                own_subject = True
                if child.dep_ != "nsubjpass":
                    pre.extend(child.subtree)
    return pre, post


# -- composition ---------------------------------------------------------------------------

_CODE = re.compile(r"^\d{2,4}$")


class ComposeRules:
    """Governor families and their rules: which code a governor + complement pair gets."""

    def __init__(self, governors: dict[str, str], roots: dict[str, str], children: dict[str, str],
                 rules: dict[str, dict[str, str]]):
        self.governors = governors
        self.roots = roots
        self.children = children
        self.rules = rules

    @classmethod
    def load(cls, path: Path | str | None = None) -> ComposeRules:
        """Read ``path`` (None: the built-in ``compose.tsv``); bad lines raise DataFileError."""
        return _parse_compose(*read_data(path, "events/compose.tsv"))

    def family(self, governor: str, gov_code: str | None) -> str | None:
        """The governor's family: by its lemma, else by its code's CAMEO root."""
        return self.governors.get(governor) or (self.roots.get(gov_code[:2]) if gov_code else None)

    def compose(self, governor: str, gov_code: str | None, child_code: str,
                child: str | None = None) -> str | None:
        """The one code of governor + complement, or None when the governor composes nothing."""
        family = self.family(governor, gov_code)
        if family is None:
            return None
        code = self.children.get(child, child_code) if child else child_code
        rules = self.rules[family]
        for size in range(len(code), 1, -1):
            if (result := rules.get(code[:size])) is not None:
                return code if result == "=" else result
        return rules["*"]


def compose(governor: str, gov_code: str | None, child_code: str, child: str | None = None,
            rules: ComposeRules | None = None) -> str | None:
    """One code for "<governor> to <child>": ``compose("agree", "050", "040") == "036"``.

    ``governor``/``child`` are lemmas; ``rules`` defaults to the built-in table.
    """
    return (rules or builtin_rules()).compose(governor, gov_code, child_code, child)


@functools.cache
def builtin_rules() -> ComposeRules:
    """The built-in compose table, read once."""
    return ComposeRules.load()


def _parse_compose(text: str, name: str, path: str) -> ComposeRules:
    governors: dict[str, str] = {}
    roots: dict[str, str] = {}
    children: dict[str, str] = {}
    rules: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    where: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        kind, args = fields[0], fields[1:]
        problem = None
        if kind in ("governor", "root", "child") and len(args) == 2:
            key, value = args
            if kind == "root" and not re.match(r"^\d\d$", key):
                problem = f"root {key!r} must be a 2-digit CAMEO root"
            elif kind == "child" and not _CODE.match(value):
                problem = f"{value!r} is not a CAMEO code"
            else:
                {"governor": governors, "root": roots, "child": children}[kind][key] = value
                if kind != "child":
                    where.setdefault(value, lineno)
        elif kind == "rule" and len(args) == 3:
            family, prefix, result = args
            if not (prefix == "*" or _CODE.match(prefix)) or not (result == "=" or _CODE.match(result)):
                problem = "a rule is: rule <family> <code prefix or *> <code or =>"
            else:
                rules.setdefault(family, {})[prefix] = result
        else:
            problem = "expected governor|root|child <key> <value>, or rule <family> <prefix> <result>"
        if problem:
            problems.append(Errors.A201.format(path=name, line=lineno, problem=problem))
    for family, lineno in where.items():
        if "*" not in rules.get(family, {}):
            problems.append(Errors.A201.format(
                path=name, line=lineno, problem=f"family {family!r} has no 'rule {family} * <code>' row"))
    if problems:
        raise DataFileError(path, problems)
    return ComposeRules(governors, roots, children, rules)
