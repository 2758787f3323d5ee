"""One analysis per text: which id holds it, which ids are its aliases, and what a batch changes.

The first id stored with a content (text, title, metadata date: ``rows.content_hash``) holds
its analysis in ``articles`` and the other tables. Any other id with the same content is a row
in ``aliases``: it is stored (``Store.article`` returns the analysis under its id), but its
events are not stored twice, so clusters and counts see one report. When the holder gets a new
content or goes, the alias with the smallest id takes its rows over under its own id (new event
ids, its url, publisher and origin) and stops being an alias, so no id loses its article.

:func:`plan` decides this for a batch, in input order, without touching the database; the
store carries the plan out in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

BATCH = ""  # in ``rows_of``: the article's rows come from the batch being written


@dataclass
class Plan:
    """What a batch does to the store, and one status per batch article."""

    statuses: list[str] = field(default_factory=list)  # added, updated, aliased or skipped
    inserts: list[str] = field(default_factory=list)  # batch ids whose analysis is inserted
    moves: dict[str, str] = field(default_factory=dict)  # stored id -> the id that takes its rows over
    drops: list[str] = field(default_factory=list)  # stored ids whose rows go
    new_aliases: list[str] = field(default_factory=list)  # batch ids stored as aliases (from the batch)
    from_batch: set[str] = field(default_factory=set)  # ids whose url, publisher, origin come from the batch
    alias_deletes: list[str] = field(default_factory=list)  # ids whose stored alias row goes


def plan(ids: Sequence[str], hashes: Sequence[str], articles: dict[str, str], aliases: dict[str, str], *,
         force: bool = False) -> Plan:
    """The plan for a batch of distinct ``ids`` with their content ``hashes``.

    ``articles`` and ``aliases`` map the stored ids that matter (the batch's ids, and every id
    with one of their contents, old or new) to their content hashes.
    """
    art, ali = dict(articles), dict(aliases)
    holder = {h: i for i, h in art.items()}
    rows_of = {i: i for i in art}  # whose stored rows each article has now, or BATCH
    out = Plan()

    def release(aid: str) -> None:
        """``aid`` gives up its content: the first alias of it takes the rows over, else they go."""
        old = art.pop(aid)
        del holder[old]
        rows = rows_of.pop(aid)
        heirs = sorted(i for i, h in ali.items() if h == old)
        if heirs:
            del ali[heirs[0]]
            art[heirs[0]], holder[old], rows_of[heirs[0]] = old, heirs[0], rows

    for aid, h in zip(ids, hashes):
        if art.get(aid) == h:
            out.statuses.append("updated" if force else "skipped")
            if force:
                rows_of[aid] = BATCH
            continue
        if ali.get(aid) == h:
            out.statuses.append("skipped")
            continue
        existed = aid in art or aid in ali
        if aid in art:
            release(aid)
        ali.pop(aid, None)
        if h in holder:
            ali[aid] = h
            out.from_batch.add(aid)
            out.statuses.append("aliased")
        else:
            art[aid], holder[h], rows_of[aid] = h, aid, BATCH
            out.statuses.append("updated" if existed else "added")

    kept = set(rows_of.values())
    out.inserts = [i for i in ids if rows_of.get(i) == BATCH]
    out.moves = {src: aid for aid, src in rows_of.items() if src not in (BATCH, aid)}
    out.drops = [i for i in articles if i not in kept]
    out.new_aliases = [i for i in ids if i in out.from_batch and i in ali]
    out.alias_deletes = [i for i in aliases if ali.get(i) != aliases[i]]
    return out
