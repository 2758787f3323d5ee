"""Build src/accord/data/events/cameo.tsv from the CAMEO code tables and CAMEO2PLOVER.

One row per code of CAMEO.eventcodes.txt: name, Goldstein value, quad class and the
PLOVER type, mode and context. Re-run it when a reference file changes:

    .venv/bin/python tools/convert_cameo_tables.py [--reference ../shared/reference] [--out PATH]

The GDELT copy of the event code table has a few known faults; ERRATA fixes them from
the CAMEO manual 1.1b3 (``CAMEO.Manual.1.1b3.tex``, lines cited) and says why.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_OUT = ROOT / "src" / "accord" / "data" / "events" / "cameo.tsv"
COLUMNS = ["code", "name", "goldstein", "quad_class", "plover", "plover_mode", "plover_context"]

# code -> (name, goldstein or None to keep the table's, why)
ERRATA: dict[str, tuple[str, float | None, str]] = {
    "044": ('Meet at a "third" location', None, "mojibake in the table; manual l.973"),
    "101": ("Demand material cooperation, not specified below", None,
            "table's name contradicts its subcodes 1011-1014; manual l.1044"),
    "1056": ("Demand de-escalation of military engagement", None,
             "the table's 1056 line swallowed the 106 row"),
    "105": ("Demand that target yields, not specified below", None,
            "table has a pre-1.0 name; its subcodes 1051-1056 are yields; manual l.1060"),
    "106": ("Demand meeting, negotiation", -5.0, "row lost in the table (see 1056); manual l.1067"),
    "107": ("Demand settling of dispute", None, "table has a pre-1.0 name; manual l.1068"),
    "108": ("Demand mediation", None, "table has a pre-1.0 name; manual l.1069"),
}
HEADER = """\
# CAMEO event codes with Goldstein values, quad classes and PLOVER 2.0 types.
# Built by tools/convert_cameo_tables.py from CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt
# (the CAMEO codebook, as distributed by GDELT; a few names and the 106 row corrected from the
# CAMEO manual 1.1b3) and CAMEO2PLOVER-2021.txt (PLOVER, Philip Schrodt, CC BY-SA 4.0).
# This file is derived from CAMEO2PLOVER and is licensed CC BY-SA 4.0.
# quad_class: 1 verbal cooperation (01-05), 2 material cooperation (06-09),
# 3 verbal conflict (10-14), 4 material conflict (15-20). Format: FORMAT.md.
"""


def quad_class(code: str) -> int:
    """CAMEO's quad class from the root: 1 for 01-05, 2 for 06-09, 3 for 10-14, 4 for 15-20."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def read_table(path: Path) -> list[tuple[str, str]]:
    """Rows (code, text) of a two-column tab-separated CAMEO table, header skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            code, text = line.split("\t", 1)
            rows.append((code.strip(), text.strip()))
    return rows


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """code -> (type, mode, context) from the per-code rows of CAMEO2PLOVER.

    Root headers ("08: CONCEDE") are skipped: roots 08 and 17-20 split across types, so
    only the per-code rows say which type a code has.
    """
    mapping: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([^#]*)", line)
        if m:
            fields = [f.strip() for f in m.group(2).split(",")] + ["", ""]
            mapping.setdefault(m.group(1), (fields[0], fields[1], fields[2]))
    return mapping


def plover_of(code: str, mapping: dict[str, tuple[str, str, str]]) -> tuple[str, str, str]:
    """The PLOVER fields of a code: its own row, else its 3-digit parent's, else the root's xx0 row."""
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in mapping and len(candidate) >= 3:
            return mapping[candidate]
    return ("", "", "")


def build_rows(reference: Path) -> list[list[str]]:
    names = read_table(reference / "cameo" / "CAMEO.eventcodes.txt")
    goldstein = dict(read_table(reference / "cameo" / "CAMEO.goldsteinscale.txt"))
    plover = read_plover(reference / "plover" / "CAMEO2PLOVER-2021.txt")
    codes = [(code, name) for code, name in names]
    index = [c for c, _ in codes].index("1056")
    codes.insert(index + 1, ("106", ""))  # the lost row, named by ERRATA
    rows = []
    for code, name in codes:
        fix_name, fix_goldstein, _why = ERRATA.get(code, (name, None, ""))
        value = fix_goldstein if fix_goldstein is not None else float(goldstein[code])
        rows.append([code, fix_name, f"{value:.1f}", str(quad_class(code)), *plover_of(code, plover)])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build_rows(args.reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for row in [COLUMNS, *rows]:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} codes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
