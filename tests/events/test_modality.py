"""The modality table (data/events/modality.tsv) against the compose and cue tables, and its loader."""

from __future__ import annotations

import pytest

from accord.attribution.cues import CUES, load_cues
from accord.errors import DataFileError
from accord.events.classify import builtin_rules
from accord.events.modality import TABLE, ModalityTable


@pytest.mark.parametrize("lemma,modality", [
    ("urge", "demanded"), ("ask", "demanded"), ("call", "demanded"),  # appeal family (CAMEO 02)
    ("demand", "demanded"), ("press", "demanded"),                    # demand family (CAMEO 10)
    ("agree", "intended"), ("mean", "intended"), ("plan", "planned"),
    ("threaten", None), ("refuse", None),                              # the threat, the refusal is the event
])
def test_a_governor_has_one_modality_from_its_family(lemma, modality):
    assert TABLE.governor_modality(lemma) == modality


def test_every_family_and_governor_row_names_a_compose_entry():
    rules = builtin_rules()
    families = set(rules.governors.values()) | set(rules.roots.values())
    assert set(TABLE.families) <= families
    assert set(TABLE.governors) <= set(rules.governors)
    assert set(TABLE.cues) <= CUES


def test_bad_modality_lines_name_file_and_line(tmp_path):
    path = tmp_path / "modality.tsv"
    path.write_text(
        "# modality\n"
        "must\tmodal\tdemanded\n"
        "could\tmodal\tmaybe\n"
        "never\tnegate\tnegated\n"
        "wish\tfamily\tintended\n"
        "hope\tgovernor\tplanned\n"
        "frobnicate\tgovernor\tplanned\n"
        "must\tmodal\tdemanded\n"
        "deny\tcue\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        ModalityTable.load(path)
    problems = info.value.problems
    assert [p.split(":")[1] for p in problems] == ["3", "4", "5", "7", "8", "9"]
    assert "modality.tsv:7: 'frobnicate' is no governor of compose.tsv" in problems[3]


def test_bad_cue_lines_name_file_and_line(tmp_path):
    path = tmp_path / "cues.tsv"
    path.write_text("say\tclause\nwarn\tsometimes\nSay\tclause\nsay\tobject\n\n# ok\nclaim\tobject\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_cues(path)
    assert [p.split(":")[1] for p in info.value.problems] == ["2", "3", "4"]
    assert "listed twice (first on line 1)" in info.value.problems[-1]
