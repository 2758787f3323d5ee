"""Hand-built parses for unit tests of the syntax rules: no statistical model is loaded.

One token a line, in columns: ``text POS[/TAG] label head [ENTITY]``, where ``head`` is the
index of the token's head (a root is its own head) and ENTITY an entity label whose
consecutive tokens form one entity. Lemmas are the lower-cased text.

    parse('''
        Russia    PROPN/NNP  nsubj  1  GPE
        attacked  VERB/VBD   ROOT   1
        Turkey    PROPN/NNP  dobj   1  GPE
    ''')
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, is_punct, like_num), no model


def parse(table: str) -> Doc:
    words, pos, tags, labels, heads, ents = [], [], [], [], [], []
    for line in table.strip().splitlines():
        cols = line.split()
        if len(cols) not in (4, 5):
            raise ValueError(f"expected text POS[/TAG] label head [ENTITY]: {line!r}")
        tag_pos = cols[1].split("/")
        words.append(cols[0])
        pos.append(tag_pos[0])
        tags.append(tag_pos[1] if len(tag_pos) > 1 else "")
        labels.append(cols[2])
        heads.append(int(cols[3]))
        label = cols[4] if len(cols) == 5 else None
        inside = label is not None and ents and ents[-1] != "O" and ents[-1][2:] == label
        ents.append("O" if label is None else f"{'I' if inside else 'B'}-{label}")
    return Doc(VOCAB, words=words, pos=pos, tags=tags, deps=labels, heads=heads, ents=ents,
               lemmas=[w.lower() for w in words])


def word(doc: Doc, text: str, nth: int = 0):
    """The ``nth`` token spelled ``text``."""
    return [t for t in doc if t.text == text][nth]
