"""leaders.yaml and armed-groups.yaml: dated heads of state, ministers and armed groups, 2014-2025."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.actors.kb import ActorKB, ActorRecord, normalize, read_actor_file, role_on
from accord.actors.manage import validate

BUILTIN = {p.name: p for p in ActorKB.builtin_paths()}
OURS = ("leaders.yaml", "armed-groups.yaml")


def resolve(kb: ActorKB, phrase: str, date: str | None) -> ActorRecord:
    """The record a phrase names on a date: as the resolver picks among records sharing an alias."""
    records = kb.lookup(phrase)
    assert records, f"{phrase!r} is not in the KB"
    for record in records:
        role = role_on(record, date)
        if role is not None and (role.start or role.end):
            return record
    return records[0]


def code(kb: ActorKB, phrase: str, date: str | None) -> str | None:
    role = role_on(resolve(kb, phrase, date), date)
    return role.code if role else None


def test_files_are_built_in_after_curated() -> None:
    names = list(BUILTIN)
    assert names.index("curated.yaml") < names.index("leaders.yaml") < names.index("armed-groups.yaml")


@pytest.mark.parametrize(
    "phrase,date,expected",
    [
        ("Volodymyr Zelensky", "2022-03-01", "UKRGOV"),
        ("Zelenskyy", "2022-03-01", "UKRGOV"),
        ("Emmanuel Macron", "2020", "FRAGOV"),
        ("Rishi Sunak", "2023-06-01", "GBRGOV"),
        ("Recep Tayyip Erdoğan", "2020-01-01", "TURGOV"),
        ("Vladimir Putin", "2010-06-01", "RUSGOV"),  # Prime Minister then
        ("Donald Trump", "2019-01-01", "USAGOV"),
        ("Donald Trump", "2025-06-01", "USAGOV"),
        ("Ursula von der Leyen", "2020-06-01", "IGOEUREEC"),
        ("Abdel Fattah al-Burhan", "2023-06-01", "SDNGOV"),
        ("Hemedti", "2021-01-01", "SDNGOV"),
        ("Hemedti", "2023-06-01", "SDNREB"),
        ("Rapid Support Forces", "2020-01-01", "SDNMIL"),
        ("RSF", "2023-04-15", "SDNREB"),
        ("Houthis", "2020-01-01", "YEMREB"),
        ("Ansar Allah", "2020-01-01", "YEMREB"),  # Phoenix had Lebanon
        ("Taliban", "2015-01-01", "AFGINS"),
        ("Taliban", "2021-08-15", "AFGGOV"),
        ("Hibatullah Akhundzada", "2018-01-01", "AFGINS"),
        ("Hibatullah Akhundzada", "2022-01-01", "AFGGOV"),
        ("Min Aung Hlaing", "2019-01-01", "MMRMIL"),
        ("Min Aung Hlaing", "2022-01-01", "MMRGOV"),
        ("Assimi Goita", "2022-01-01", "MLIGOV"),
        ("Khalifa Haftar", "2019-04-04", "LBYMIL"),
        ("Islamic Jihad", "2023-10-10", "PSEREB"),
        ("Hamas", "2023-10-07", "PSEREBHMS"),
        ("ISIS-K", "2021-08-26", "IMGMUSISI"),
        ("JNIM", "2022-01-01", "IMGMUSALQ"),
    ],
)
def test_spot_facts(kb: ActorKB, phrase: str, date: str, expected: str) -> None:
    assert code(kb, phrase, date) == expected


def test_out_of_office_is_not_government(kb: ActorKB) -> None:
    assert code(kb, "Rishi Sunak", "2025-01-01") != "GBRGOV"
    assert code(kb, "Donald Trump", "2023-01-01") != "USAGOV"
    assert code(kb, "Angela Merkel", "2023-01-01") != "DEUGOV"
    assert code(kb, "Olaf Scholz", "2023-01-01") == "DEUGOV"
    assert code(kb, "Ashraf Ghani", "2022-01-01") != "AFGGOV"


def test_sharaa_is_the_julani_of_hts_then_president(kb: ActorKB) -> None:
    (sharaa,) = kb.lookup("Ahmed al-Sharaa")
    assert [r.id for r in kb.lookup("Abu Mohammad al-Julani")] == [sharaa.id]
    assert [r.id for r in kb.lookup("Jolani")] == [sharaa.id]
    hts = resolve(kb, "Hayat Tahrir al-Sham", "2020-01-01")
    assert [r.id for r in kb.lookup("HTS")] == [hts.id]
    for day in ("2018-05-01", "2024-12-07"):
        assert role_on(sharaa, day).code == role_on(hts, day).code == "SYRREBMUS"
    assert role_on(sharaa, "2025-01-30").code == "SYRGOV"
    assert role_on(sharaa, "2025-06-01").code == "SYRGOV"
    assert role_on(hts, "2025-01-01").code == "SYRGOV"


def test_a_shared_title_alias_follows_the_date(kb: ActorKB) -> None:
    assert resolve(kb, "Premier Li", "2020-01-01").name == "Li Keqiang"
    assert resolve(kb, "Premier Li", "2024-01-01").name == "Li Qiang"
    assert resolve(kb, "People's Defence Forces", "2023-01-01").id == "cur:peoples-defence-force"
    assert code(kb, "People's Defence Forces", "2015-01-01") == "TURREB"  # the PKK's HPG


def test_curated_records_are_not_taken_over(kb: ActorKB) -> None:
    assert {r.id for r in kb.lookup("ISIS")} == {"cur:islamic-state"}
    assert {r.id for r in kb.lookup("Assad")} == {"cur:bashar-al-assad"}
    assert {r.id for r in kb.lookup("John Kerry")} == {"cur:john-kerry"}
    curated = {normalize(a) for r in _records("curated.yaml") for a in r.aliases}
    ids = {r.id for r in _records("curated.yaml")}
    for name in OURS:
        for record in _records(name):
            assert record.id not in ids, record.id
            assert not curated & {normalize(a) for a in record.aliases}, record.id


@pytest.mark.parametrize("name", OURS)
def test_file_validates(name: str) -> None:
    path = BUILTIN[name]
    count, problems = validate(path)
    assert problems == []
    assert count == len(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", OURS)
def test_records_are_well_formed(kb: ActorKB, name: str) -> None:
    ids: set[str] = set()
    for record in _records(name):
        assert record.id.startswith("cur:") and record.id not in ids, record.id
        ids.add(record.id)
        assert record.name and record.aliases, record.id
        if name == "leaders.yaml":
            assert record.type == "person" and any(r.start for r in record.roles), record.id
        for role in record.roles:
            assert role.start is None or role.end is None or role.start <= role.end, (record.id, role)
            assert role.end is None or role.end <= "2025-12-31", (record.id, role)
            country, sector = kb.split_code(role.code)
            assert sector is not None, (record.id, role.code)
            assert country is not None or role.code.startswith(("IGO", "IMG")), (record.id, role.code)


def test_every_record_is_loaded(kb: ActorKB) -> None:
    for name in OURS:
        for record in _records(name):
            assert kb.get(record.id) == record


def _records(name: str) -> list[ActorRecord]:
    numbered, problems = read_actor_file(Path(BUILTIN[name]))
    assert problems == []
    return [record for _, record in numbered]
