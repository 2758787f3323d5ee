"""An event's own modality, from the parse and ``data/events/modality.tsv``.

Intended, planned, demanded, hypothetical and negated events are kept and marked, never
dropped or recoded as their opposite. This is the modality of the event's own words
(negation, modal auxiliaries, "if", the governor it was composed with); whether someone
reports it is the attribution chain's business (:mod:`accord.attribution.chains`), which
marks an otherwise asserted event ``reported``. Precedence of the own modalities:
negated > hypothetical > demanded > planned > intended.

Governor verbs are listed once, in ``compose.tsv``; a governor's modality is its
family's (``family`` rows of modality.tsv) unless a ``governor`` row overrides it.
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Token

from accord.attribution.cues import CUE_TAKES, CUES
from accord.datafiles import read_data, tsv_rows
from accord.errors import DataFileError, Errors
from accord.events.classify import ComposeRules, builtin_rules

MODALITIES = ("asserted", "reported", "intended", "planned", "demanded", "hypothetical", "negated")
PRECEDENCE = ("negated", "hypothetical", "demanded", "planned", "intended")
ROLES = ("modal", "negation", "family", "governor", "cue")


class ModalityTable:
    """The words of modality.tsv by role: word -> modality."""

    def __init__(self, roles: dict[str, dict[str, str]], rules: ComposeRules):
        self.modals = roles["modal"]
        self.negations = frozenset(roles["negation"])
        self.families = roles["family"]
        self.governors = roles["governor"]
        self.cues = roles["cue"]
        self.rules = rules

    @classmethod
    def load(cls, path: Path | str | None = None, rules: ComposeRules | None = None) -> ModalityTable:
        """Read ``path`` (None: the built-in table) against the compose table's governors and
        families; bad lines raise DataFileError naming file:line."""
        rules = rules or builtin_rules()
        return cls(_parse(*read_data(path, "events/modality.tsv"), rules), rules)

    def governor_modality(self, lemma: str) -> str | None:
        """The modality a governor gives the complement it folds in ("plan" -> planned)."""
        if lemma in self.governors:
            return self.governors[lemma]
        family = self.rules.governors.get(lemma)
        return self.families.get(family) if family else None


def _parse(text: str, name: str, path: str, rules: ComposeRules) -> dict[str, dict[str, str]]:
    roles: dict[str, dict[str, str]] = {role: {} for role in ROLES}
    families = set(rules.governors.values()) | set(rules.roots.values())
    problems = []
    for lineno, cols in tsv_rows(text):
        problem = None
        if len(cols) != 3:
            problem = "expected word <TAB> role <TAB> modality"
        elif cols[1] not in ROLES:
            problem = f"role {cols[1]!r} is not one of {', '.join(ROLES)}"
        elif cols[2] not in MODALITIES[2:]:
            problem = f"modality {cols[2]!r} is not one of {', '.join(MODALITIES[2:])}"
        elif cols[1] == "family" and cols[0] not in families:
            problem = f"{cols[0]!r} is no family of compose.tsv ({', '.join(sorted(families))})"
        elif cols[1] == "governor" and cols[0] not in rules.governors:
            problem = f"{cols[0]!r} is no governor of compose.tsv; add a governor row there first"
        elif cols[1] == "cue" and cols[0] not in CUES:
            problem = f"{cols[0]!r} is no quote cue; add it to attribution/cues.tsv first"
        elif cols[0] in roles[cols[1]]:
            problem = f"{cols[0]!r} is listed twice as {cols[1]}"
        if problem:
            problems.append(Errors.A201.format(path=name, line=lineno, problem=problem))
            continue
        roles[cols[1]][cols[0]] = cols[2]
    if problems:
        raise DataFileError(path, problems)
    return roles


TABLE = ModalityTable.load()
MODALS = TABLE.modals
GOVERNORS = frozenset(TABLE.rules.governors)
# reporting verbs that are not governors: what they govern is reported, not intended or demanded;
# not stance verbs ("attacked", "backed"), which quote a named speaker's target but report nothing
SPEECH = CUES - GOVERNORS - {lemma for lemma, takes in CUE_TAKES.items() if takes == "stance"}


def strongest(found: set[str]) -> str:
    """The modality that wins among ``found`` (asserted when none does)."""
    return next((name for name in PRECEDENCE if name in found), "asserted")


def modality_of(verb: Token, governor: Token | None) -> str:
    """The strongest modality of the event's own words: on the verb or its governor."""
    found: set[str] = set()
    for tok in (verb, governor):
        if tok is None:
            continue
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" or (low in TABLE.negations and child.dep_ in ("advmod", "neg")):
                found.add("negated")
            elif child.dep_ in ("aux", "auxpass") and low in MODALS:
                found.add(MODALS[low])
            elif child.dep_ == "mark" and low in ("if", "unless"):
                found.add("hypothetical")
    if governor is not None and (mod := TABLE.governor_modality(governor.lemma_.lower())):
        found.add(mod)
    return strongest(found)
