"""quotes.v1: quotation marks, direct/mixed/indirect quotes, cues and speakers; on sentences
written for these tests and on the reference article (../shared/seed)."""

from __future__ import annotations

import pytest

from accord.attribution.marks import quoted_spans
from accord.ingest import read_inputs
from accord.pipeline import analyze_batch
from accord.records import Analysis, Quote, Record

from ..conftest import SEED

DATE = "2015-11-14"


@pytest.fixture(scope="module")
def analyze(res):
    def run(text: str, date: str | None = DATE) -> Analysis:
        [analysis] = analyze_batch([Record(id="t", text=text, date=date)], res)
        assert isinstance(analysis, Analysis)
        for q in analysis.quotes:  # every span is exact, whatever the test
            assert analysis.text[q.start : q.end] == q.text
            if q.cue is not None:
                assert analysis.text[q.cue.start : q.cue.end] == q.cue.text
            if q.speaker is not None:
                assert analysis.text[q.speaker.start : q.speaker.end] == q.speaker.text
        return analysis

    return run


def only(analysis: Analysis, kind: str) -> list[Quote]:
    return [q for q in analysis.quotes if q.kind == kind]


def sharing_cue(analysis: Analysis, texts: list[str], cue: str) -> list[Quote]:
    """The direct quotes, checked to be ``texts`` under the one cue ``cue``."""
    quotes = only(analysis, "direct")
    assert [q.text for q in quotes] == texts
    assert len({(q.cue.start, q.cue.end) for q in quotes}) == 1 and quotes[0].cue.text == cue
    return quotes


def spans(text: str) -> list[str]:
    return [text[m.start : m.end] for m in quoted_spans(text)]


# ---- quotation marks ----


def test_marks_curly_straight_single_and_apostrophes():
    assert spans("“We don’t accept Syria’s partition,” he said.") == ["We don’t accept Syria’s partition"]
    assert spans('Kerry said: "We will not give up."') == ["We will not give up."]
    assert spans("‘We are ready,’ Lavrov said. The countries’ plans were 'vague.'") == ["We are ready", "vague."]
    assert spans("Syria’s don't rock ‘n’ roll ’90s") == []


def test_marks_nested_and_mixed_styles():
    assert spans('"The question: “As you know?” Forty-three."') == ["The question: “As you know?” Forty-three."]
    assert spans("''It's tinkering at the edges,'' said Cole.") == ["It's tinkering at the edges"]
    assert spans('“I don’t think so," he said. "Oz has a pulpit,” said Gorski.') == [
        "I don’t think so", "Oz has a pulpit"]


def test_marks_quote_over_two_paragraphs():
    text = "“The first part runs on\n\n“and ends here,” he said.\n\n“A new quote.”"
    marked = quoted_spans(text)
    assert [text[m.start : m.end] for m in marked] == ["The first part runs on", "and ends here", "A new quote."]
    assert [m.close is None for m in marked] == [True, False, False]
    assert [m.continues for m in marked] == [False, True, False]


# ---- direct quotes ----


def test_direct_speaker_after_the_verb(analyze):
    a = analyze("U.S. Secretary of State John Kerry met his counterparts in Vienna.\n\n"
                "“This crisis is not Syria’s alone to bear,” said a clearly moved Kerry.")
    [q] = only(a, "direct")
    assert q.text == "This crisis is not Syria’s alone to bear"
    assert q.cue.text == "said"
    assert q.speaker.code == "USAGOV" and q.speaker.text == "Kerry"


def test_direct_speaker_before_with_colon_and_comma(analyze):
    a = analyze('Russian Foreign Minister Sergei Lavrov said: "We will not give up."\n\n'
                "Lavrov told reporters, ‘We are ready to talk.’")
    quotes = only(a, "direct")
    assert [q.text for q in quotes] == ["We will not give up.", "We are ready to talk."]
    assert [q.cue.text for q in quotes] == ["said", "told"]
    assert all(q.speaker.code == "RUSGOV" for q in quotes)


def test_direct_any_verb_after_a_quote_ending_in_a_comma(analyze):
    a = analyze("“We will win this,” the senator joked.")
    [q] = a.quotes
    assert (q.kind, q.cue.text, q.speaker.text, q.speaker.code) == ("direct", "joked", "senator", "LEG")


def test_direct_quote_over_paragraphs_shares_cue_and_speaker(analyze):
    a = analyze("Sergei Lavrov spoke after the talks.\n\n“The first part of the statement\n\n"
                "“goes on in this paragraph,” Lavrov said.")
    quotes = sharing_cue(a, ["The first part of the statement", "goes on in this paragraph"], "said")
    assert all(q.speaker.code == "RUSGOV" for q in quotes)


def test_direct_paragraph_with_no_speaker_continues_the_previous_one(analyze):
    a = analyze("John Kerry spoke in Vienna.\n\n“The impacts of this war bleed into all of our nations,” Kerry said.\n\n"
                "“From the flood of desperate migrants to the foreign fighters.”")
    quotes = only(a, "direct")
    assert len(quotes) == 2
    assert quotes[1].text.startswith("From the flood")
    assert quotes[1].speaker.code == "USAGOV" and quotes[1].cue == quotes[0].cue


def test_direct_quote_broken_by_its_cue(analyze):
    a = analyze("“We are ready,” Lavrov said, “to meet them anywhere.”")
    quotes = only(a, "direct")
    assert [q.text for q in quotes] == ["We are ready", "to meet them anywhere."]
    assert {q.cue.start for q in quotes} == {a.text.index("said")}


def test_direct_second_quote_ending_in_a_nested_quote_continues_the_first(analyze):
    # the second quote ends in a quote of its own ('… saying, ‘Don’t …’”'): it still ends like speech
    a = analyze('"That speech went beyond the room," said Donna Brazile, the party chairwoman. '
                '"That was the president saying, \'Don\'t leave it on the field.\'"\n\nThe crowd cheered.')
    quotes = only(a, "direct")
    assert [q.text[:20] for q in quotes] == ["That speech went bey", "That was the preside"]
    assert quotes[0].cue == quotes[1].cue and quotes[0].cue.text == "said"


def test_direct_paragraph_without_marks_after_a_cue_and_colon(analyze):
    a = analyze("Governor Chris Christie spoke on Monday.\n\nThe governor added:\n\n"
                "It is typical of her. She knows nothing.\n\nThe crowd cheered.")
    [q] = [q for q in a.quotes if q.cue is not None and q.cue.text == "added"]
    assert (q.kind, q.text) == ("direct", "It is typical of her. She knows nothing")
    a = analyze("Here are the stories people will be talking about today:\n\n"
                "Fireworks fly in the first debate.\n\nThe candidates met in Iowa.")
    assert not [q for q in a.quotes if q.text.startswith("Fireworks")]


def test_direct_second_quote_after_a_direct_one_goes_on_with_it(analyze):
    a = analyze("“It is more tinkering at the edges,” said Alan Cole, an economist. "
                "“It is basically just a tax increase” for the top bracket.")
    sharing_cue(a, ["It is more tinkering at the edges", "It is basically just a tax increase"], "said")
    a = analyze("“I love Larry,” he said, but “Larry has a history of representing coal companies.”")
    sharing_cue(a, ["I love Larry", "Larry has a history of representing coal companies."], "said")


def test_direct_transcript_turns(analyze):
    a = analyze('"WALLACE: Why would Trump do that?\n\n"PENCE: Well, look, it is serious business."')
    quotes = only(a, "direct")
    assert [(q.speaker.text, q.cue.text, q.text) for q in quotes] == [
        ("WALLACE", ":", "Why would Trump do that?"), ("PENCE", ":", "Well, look, it is serious business.")]


# ---- mixed quotes ----


def test_mixed_fragment_takes_the_subject_of_its_governing_verb(analyze):
    a = analyze("The foreign ministers pledged to “take all possible steps” to ensure a ceasefire.")
    [q] = only(a, "mixed")
    assert q.text == "take all possible steps"
    assert q.cue.text == "pledged"
    assert q.speaker is not None and q.speaker.text.endswith("ministers")


def test_scare_quotes_are_no_quote(analyze):
    a = analyze("The so-called “moderate” rebels crossed the border.")
    assert a.quotes == []


# ---- indirect speech ----


def test_indirect_said_that(analyze):
    a = analyze("John Kerry said that the talks would resume in January.")
    [q] = a.quotes
    assert (q.kind, q.text, q.cue.text, q.speaker.code) == (
        "indirect", "that the talks would resume in January", "said", "USAGOV")


def test_indirect_told_someone(analyze):
    a = analyze("Sergei Lavrov told reporters the talks had failed.")
    [q] = a.quotes
    assert (q.text, q.cue.text, q.speaker.code) == ("the talks had failed", "told", "RUSGOV")


def test_indirect_according_to(analyze):
    a = analyze("The rebels lost 20 fighters on Friday, according to the Syrian Observatory for Human Rights.")
    [q] = a.quotes
    assert q.text == "The rebels lost 20 fighters on Friday"
    assert q.cue.text == "according to"
    assert "Observatory" in q.speaker.text


def test_indirect_as_clause_sources_the_clause_it_hangs_on(analyze):
    a = analyze("As one adviser pointed out, Hawaii rarely gets two hurricanes in a row.")
    [q] = a.quotes
    assert (q.text, q.cue.text, q.speaker.text) == ("Hawaii rarely gets two hurricanes in a row", "pointed", "one adviser")
    a = analyze("The video does not show whether he had a gun, as police have said.")
    [q] = a.quotes
    assert (q.text, q.cue.text, q.speaker.text) == ("The video does not show whether he had a gun", "said", "police")
    assert analyze("The plan failed as predicted.").quotes == []  # no comma: the manner, not a source


def test_indirect_says_he_has_been_told(analyze):
    a = analyze("John Kerry says he has been told Assad means to enter real negotiations.")
    says = [q for q in a.quotes if q.cue.text == "says"]
    told = [q for q in a.quotes if q.cue.text == "told"]
    assert says and says[0].text.startswith("he has been told") and says[0].speaker.code == "USAGOV"
    assert told and told[0].speaker is None  # passive, no "by" agent


def test_indirect_claimed_responsibility(analyze):
    a = analyze("Islamic State claimed responsibility for the attacks in Paris.")
    [q] = a.quotes
    assert (q.kind, q.text, q.cue.text) == ("indirect", "responsibility for the attacks in Paris", "claimed")
    assert q.speaker is not None and q.speaker.text == "Islamic State" and q.speaker.code is not None


def test_indirect_parenthetical_cue_gives_two_pieces(analyze):
    a = analyze("The talks, Sergei Lavrov said, were useful but long.")
    quotes = a.quotes
    assert [q.text for q in quotes] == ["The talks", "were useful but long"]
    assert quotes[0].cue == quotes[1].cue and quotes[0].speaker.code == "RUSGOV"


def test_indirect_fronted_clause_of_the_cue_is_no_content(analyze):
    # "when …" belongs to the cue's own clause: it says when Washington acted, not what it said
    for text in ("But when the time came, Washington backed the plan.",
                 "If they failed, the government would deny them the money."):
        assert not [q for q in analyze(text).quotes if q.text.startswith(("But when", "If"))]


def test_indirect_content_stops_before_the_reporters_aside(analyze):
    a = analyze("The minister said he expects the president to recover from pneumonia, which forced him to rest.")
    [q] = [q for q in a.quotes if q.cue.text == "said"]
    assert q.text == "he expects the president to recover from pneumonia"
    assert q.speaker.code == "GOV"


def test_indirect_content_keeps_a_cue_clause_with_its_own_subject(analyze):
    # "asked" and "added" are cues, but with a subject (or "because") of their own they are
    # part of the reported clause, not a second report hung on it
    a = analyze("A Democratic aide said he could not answer the questions because Republicans had asked "
                "for the information only a few hours earlier.")
    [q] = [q for q in a.quotes if q.cue.text == "said"]
    assert q.text.endswith("only a few hours earlier")
    a = analyze("The economists agreed that the plan would increase taxes on the rich but that it would add "
                "new layers of complexity.")
    [q] = [q for q in a.quotes if q.cue.text == "agreed"]
    assert q.text.endswith("new layers of complexity")


def test_object_content_runs_over_the_prepositions_that_follow_it(analyze):
    # the parser hangs "by …" on the verb: the object's content still runs on over it
    a = analyze("The producers described crass behavior by the candidate behind the scenes of the show.")
    [q] = [q for q in a.quotes if q.cue.text == "described"]
    assert q.text == "crass behavior by the candidate behind the scenes of the show"


def test_object_content_stops_before_an_apposition_after_a_dash(analyze):
    a = analyze("Trump dismissed Estonia as being in the suburbs of St. Petersburg — a metaphor for the "
                "party's abandonment of principle.")
    [q] = a.quotes
    assert q.text == "Estonia as being in the suburbs of St. Petersburg"


def test_a_date_is_no_content(analyze):
    assert analyze("Senator Warren spoke on Monday.").quotes == []


def test_called_for_after_a_date(analyze):
    [q] = analyze("The attorney general called Friday for releasing the police videos.").quotes
    assert (q.text, q.cue.text) == ("releasing the police videos", "called")


def test_indirect_content_runs_over_a_noun_that_looks_like_a_cue(analyze):
    # "talk" and "calls" are nouns here: no second report starts at them
    a = analyze("She always knew this hatred and foul talk were wrong.")
    [q] = [q for q in a.quotes if q.cue.text == "knew"]
    assert q.text == "this hatred and foul talk were wrong"
    a = analyze("The group intends to hammer Clinton with negative ads, mailers and phone calls.")
    [q] = [q for q in a.quotes if q.cue.text == "intends"]
    assert q.text == "to hammer Clinton with negative ads, mailers and phone calls"


def test_negated_cue_is_no_quote(analyze):
    assert analyze("John Kerry did not say that the talks had failed.").quotes == []


# ---- headlines ----


def test_headline_speaker_colon_content(analyze):
    a = analyze("Pence: Flowers Won’t Be at the Debate, Trump Was ‘Mocking’ Clinton Camp.\n\n"
                "Mike Pence spoke on Sunday.")
    [q] = [q for q in a.quotes if q.start < a.text.index("\n")]
    assert (q.kind, q.text, q.cue.text) == ("indirect", "Flowers Won’t Be at the Debate, Trump Was ‘Mocking’ Clinton Camp", ":")
    assert "Pence" in q.speaker.text
    a = analyze("Senator Kasich: ‘We Are Going All The Way To Cleveland.’\n\nKasich spoke in Ohio.")
    [q] = [q for q in a.quotes if q.start < a.text.index("\n")]
    assert (q.kind, q.cue.text) == ("direct", ":") and "Kasich" in q.speaker.text


def test_headline_label_is_no_speaker(analyze):
    a = analyze("The Latest: Floods close schools in the north of the country.\n\nThe rain fell for days.")
    assert all(q.cue is None or q.cue.text != ":" for q in a.quotes)


# ---- speakers ----


def test_pronoun_speaker_resolved_through_the_mentions(analyze):
    a = analyze("John Kerry arrived in Vienna on Saturday. He said the meeting was useful.")
    [q] = a.quotes
    assert q.speaker.text == "He" and q.speaker.code == "USAGOV"


def test_unknown_speaker_is_the_noun_phrase_with_no_code(analyze):
    a = analyze("The neighbour said the market had been closed for a week.")
    [q] = a.quotes
    assert q.speaker.text == "The neighbour" and q.speaker.code is None and q.speaker.rule == "unresolved"


def test_quotes_are_numbered_in_text_order(analyze):
    a = analyze("“We will win,” Trump said. Clinton said that she would win.")
    assert [q.id for q in a.quotes] == ["q1", "q2"]
    assert [q.start for q in a.quotes] == sorted(q.start for q in a.quotes)


# ---- the reference article ----


@pytest.fixture(scope="module")
def seed(res, seed_text) -> Analysis:
    [analysis] = analyze_batch(list(read_inputs([str(SEED)])), res)
    assert isinstance(analysis, Analysis)
    return analysis


def test_seed_four_direct_quotes_all_by_kerry(seed):
    direct = only(seed, "direct")
    starts = ["We are told through our partners", "This crisis is not Syria’s alone", "From the flood of desperate",
              "Our goal is of getting"]
    assert [next((s for s in starts if q.text.startswith(s)), q.text) for q in direct] == starts
    for q in direct:
        assert q.speaker is not None and q.speaker.code == "USAGOV", (q.text[:30], q.speaker)
        assert q.cue is not None
    assert [q.cue.text for q in direct] == ["told", "said", "said", "concluded"]


def test_seed_partial_quote_is_mixed(seed):
    mixed = [q for q in seed.quotes if q.text == "take all possible steps"]
    assert [q.kind for q in mixed] == ["mixed"]
    assert mixed[0].cue.text == "pledged"


def test_seed_indirect_reports(seed):
    indirect = only(seed, "indirect")
    said = [q for q in indirect if q.text.startswith("the the crisis was not Syria’s alone")]
    assert said and said[0].speaker.code == "USAGOV"
    according = [q for q in indirect if q.cue.text == "according to"]
    assert according and according[0].text.startswith("Syrian President Bashar al-Assad plans")  # not the dateline
    assert any(q.cue.text == "says" and q.speaker.code == "USAGOV" for q in indirect)


def test_seed_every_quote_span_is_exact(seed):
    for q in seed.quotes:
        assert seed.text[q.start : q.end] == q.text
        assert q.text.strip() == q.text and q.text[0] not in "“”\"" and q.text[-1] not in "“”\""


# ---- stance verbs and parse repairs ----

@pytest.mark.parametrize("text, content", [
    ("Donald Trump attacked Hillary Clinton's record on trade.", "Hillary Clinton's record on trade"),
    ("Rebels attacked a Syrian army post near Aleppo.", None),  # an act, not words
    ("Russian jets blasted rebel positions near Homs.", None),
])
def test_stance_verbs_quote_only_a_named_speaker(analyze, text, content):
    a = analyze(text)
    assert [q.text for q in a.quotes] == ([content] if content else [])


def test_speaker_after_a_fronted_clause_the_parser_swallowed(analyze):
    a = analyze("Hours after gunmen attacked a church in Lagos, Nigerian ministers and police chiefs agreed "
                "to raise patrols, but said the army would not take part.")
    [q] = [q for q in a.quotes if q.text == "the army would not take part"]
    assert q.speaker is not None and q.speaker.text == "Nigerian ministers" and q.speaker.country == "NGA"
