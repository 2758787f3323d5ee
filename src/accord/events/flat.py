"""The flat event table: one row per event, the layout event-data users load into a spreadsheet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from accord.records import Actor, Analysis

COLUMNS = (
    "doc_id",
    "event_id",
    "date",
    "source_code",
    "source_name",
    "target_code",
    "target_name",
    "cameo",
    "cameo_name",
    "plover",
    "goldstein",
    "quad_class",
    "modality",
    "speaker_code",
    "speaker_name",
    "trigger",
    "sentence",
    "rule",
)


def _codes(actors: list[Actor]) -> str:
    return ";".join(a.code or "---" for a in actors)


def _names(actors: list[Actor]) -> str:
    return ";".join(a.name or a.text for a in actors)


def event_rows(analysis: Analysis, *, asserted_only: bool = False) -> Iterator[dict[str, Any]]:
    """One flat row per event of an analysis; compound actors are joined with ';'.

    ``speaker_*`` is the outermost source of a reported event (who the reporter quotes);
    ``asserted_only`` keeps only events the reporter states as fact.
    """
    for event in analysis.events:
        if asserted_only and event.modality != "asserted":
            continue
        speaker = next((a.speaker for a in event.attribution if a.speaker is not None), None)
        start, end = analysis.sentences[event.sentence] if event.sentence >= 0 else (0, 0)
        yield {
            "doc_id": analysis.id,
            "event_id": event.id,
            "date": event.date,
            "source_code": _codes(event.source),
            "source_name": _names(event.source),
            "target_code": _codes(event.target),
            "target_name": _names(event.target),
            "cameo": event.cameo,
            "cameo_name": event.cameo_name,
            "plover": event.plover,
            "goldstein": event.goldstein,
            "quad_class": event.quad_class,
            "modality": event.modality,
            "speaker_code": speaker.code if speaker else None,
            "speaker_name": (speaker.name or speaker.text) if speaker else None,
            "trigger": event.trigger.text,
            "sentence": " ".join(analysis.text[start:end].split()),
            "rule": event.rule,
        }


class RowWriter:
    """Writes flat rows as csv, tsv or jsonl; the header goes out with the first row."""

    def __init__(self, out: IO[str], fmt: str = "csv") -> None:
        self.out = out
        self.fmt = fmt
        self._csv: Any = None
        if fmt in ("csv", "tsv"):
            self._csv = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="," if fmt == "csv" else "\t",
                                       lineterminator="\n")
            self._csv.writeheader()

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            if self._csv is not None:
                self._csv.writerow(row)
            else:
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")

