"""``accord demo``: analyse the sample articles that ship with the package and show their events."""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

from accord.batch import run_files
from accord.records import Analysis


def sample_path() -> Path:
    """The built-in sample articles (JSON Lines, written for accord about real events)."""
    return Path(str(importlib_resources.files("accord") / "data" / "samples" / "articles.jsonl"))


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run_demo() -> str:
    """Analyse the samples and return a readable table of their events."""
    analyses: list[Analysis] = []
    stats = run_files([str(sample_path())], lambda r: analyses.append(r) if isinstance(r, Analysis) else None,
                      progress=False)
    lines = []
    header = f"{'date':10}  {'source':22}  {'target':22}  {'CAMEO':5}  {'PLOVER':9}  {'modality':10}  trigger / event"
    for analysis in analyses:
        lines += ["", f"== {analysis.title}  [{analysis.id}, {analysis.date}]", header, "-" * len(header)]
        for ev in analysis.events:
            src = _cut(", ".join(f"{a.name or a.text} ({a.code})" for a in ev.source) or "-", 22)
            tgt = _cut(", ".join(f"{a.name or a.text} ({a.code})" for a in ev.target) or "-", 22)
            lines.append(
                f"{ev.date or '-':10}  {src:22}  {tgt:22}  {ev.cameo:5}  {ev.plover or '-':9}  {ev.modality:10}  "
                f"{_cut(ev.trigger.text, 20)}: {_cut(ev.cameo_name, 40)}"
            )
    lines += ["", stats.summary()]
    return "\n".join(lines)
