"""Attribution chains and modality on events, and claims of responsibility, on sentences
written for these tests (the reference article's are in tests/test_seed.py)."""

from __future__ import annotations

import pytest

from accord.pipeline import analyze_batch
from accord.records import Analysis, Event, Record

VIOLENT = ("18", "19", "20")


@pytest.fixture(scope="module")
def analyze(res):
    def run(text: str) -> Analysis:
        [analysis] = analyze_batch([Record(id="t", text=text, date="2015-11-14")], res)
        assert isinstance(analysis, Analysis)
        for event in analysis.events:  # every link's spans are exact and its quote exists
            ids = {q.id for q in analysis.quotes}
            for link in event.attribution:
                assert link.cue is None or analysis.text[link.cue.start : link.cue.end] == link.cue.text
                assert link.quote is None or link.quote in ids
        return analysis

    return run


def chain(event: Event) -> list[tuple[str | None, str | None]]:
    return [(link.speaker.text if link.speaker else None, link.cue.text if link.cue else None)
            for link in event.attribution]


def violent(analysis: Analysis) -> list[Event]:
    return [e for e in analysis.events if e.cameo[:2] in VIOLENT]


def test_nested_chain_outermost_first_with_quote_ids(analyze):
    a = analyze("Turkey said Russian officials told Ankara that Syrian jets attacked its border posts.")
    [attack] = violent(a)
    assert chain(attack) == [("Turkey", "said"), ("Russian officials", "told")]
    quotes = {q.id: q for q in a.quotes}
    for link in attack.attribution:  # each level names the quote that holds the event
        q = quotes[link.quote]
        assert q.cue == link.cue and q.start <= attack.trigger.start < q.end
    assert attack.modality == "reported"


def test_passive_report_has_an_unnamed_link(analyze):
    a = analyze("John Kerry says he has been told Assad means to enter real negotiations.")
    [intent] = [e for e in a.events if e.cameo.startswith("03")]
    assert chain(intent) == [("John Kerry", "says"), (None, "told")]
    assert intent.attribution[0].speaker.code == "USAGOV"
    assert intent.modality == "intended"  # its own intention wins over "reported"; the chain stays


def test_speech_event_is_not_attributed_to_itself(analyze):
    a = analyze("John Kerry said that Russian jets attacked rebels in Aleppo.")
    said = [e for e in a.events if e.trigger.text == "said"]
    assert said and all(not e.attribution and e.modality == "asserted" for e in said)
    [attack] = violent(a)
    assert chain(attack) == [("John Kerry", "said")] and attack.modality == "reported"


def test_event_inside_a_direct_quote_gets_its_speaker_and_quote(analyze):
    a = analyze("Sergei Lavrov met John Kerry in Vienna.\n\n“Rebels attacked our embassy in Damascus,” Lavrov said.")
    [attack] = violent(a)
    [quote] = [q for q in a.quotes if q.kind == "direct"]
    [link] = attack.attribution
    assert link.quote == quote.id and link.speaker.code == "RUSGOV" and link.cue.text == "said"


def test_according_to(analyze):
    a = analyze("Rebels attacked an army post near Aleppo, according to the Syrian Observatory for Human Rights.")
    [attack] = [e for e in a.events if "attacked" in e.trigger.text]
    [link] = attack.attribution
    assert link.cue.text == "according to" and "Observatory" in link.speaker.text
    assert attack.modality == "reported"


def test_no_link_twice(analyze):
    a = analyze("The ministers pledged to “take all possible steps” to ensure the rebels stop attacking civilians.")
    for event in a.events:
        cues = [(link.cue.start, link.cue.end) for link in event.attribution]
        assert len(cues) == len(set(cues)), chain(event)


@pytest.mark.parametrize("text", [
    "Russia did not attack Turkey.",
    "Russia denied attacking Turkey.",
    "Russia denied that its jets attacked Turkish border posts.",
])
def test_negation_is_kept_and_marked_not_recoded(analyze, text):
    attacks = [e for e in analyze(text).events if "attack" in e.trigger.text and e.cameo[:2] in VIOLENT]
    assert attacks and all(e.modality == "negated" for e in attacks)  # still an attack code, marked negated


def test_plan_inside_a_report_stays_planned(analyze):
    a = analyze("Kerry said Iran plans to attack Israel.")
    [plan] = [e for e in a.events if "plans" in e.trigger.text]
    assert plan.modality == "planned" and chain(plan) == [("Kerry", "said")]


# ---- claims of responsibility ----


def test_claim_of_responsibility_is_015_and_credits_the_act(analyze):
    a = analyze("Islamic State claimed responsibility for the bombing that killed 30 people in Baghdad.")
    [claim] = [e for e in a.events if "claimed" in e.trigger.text]
    assert claim.cameo == "015" and claim.source[0].text == "Islamic State"
    [killing] = violent(a)
    assert [s.text for s in killing.source] == ["Islamic State"]
    assert [link.cue.text for link in killing.attribution] == ["claimed"]


def test_attack_claimed_by_a_group(analyze):
    a = analyze("The attack that killed 20 soldiers in Sinai, claimed by Islamic State, shocked Egypt.")
    [claim] = [e for e in a.events if e.trigger.text.startswith("claimed")]
    assert claim.cameo == "015" and claim.source[0].code.startswith("IMG")
    [killing] = violent(a)
    assert killing.source[0].text == "Islamic State"
    assert killing.attribution[-1].cue.text == "claimed" and killing.attribution[-1].speaker.text == "Islamic State"


def test_group_saying_it_carried_out_the_attack_is_a_claim(analyze):
    a = analyze("Islamic State said it carried out the attack that killed 20 soldiers.")
    [said] = [e for e in a.events if e.trigger.text == "said"]
    assert said.cameo == "015" and said.cameo_name.startswith("Acknowledge or claim")
    assert any(chain(e) == [("Islamic State", "said")] for e in violent(a))


def test_a_plain_statement_is_no_claim(analyze):
    a = analyze("Turkey said Russian jets attacked its border posts.")
    [said] = [e for e in a.events if e.trigger.text == "said"]
    assert said.cameo != "015"
