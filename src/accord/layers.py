"""The built-in layers, registered under versioned names (see ``accord.registry``)."""

from __future__ import annotations

from accord.actors.resolver import entities_from_doc, resolve_actors
from accord.attribution import find_quotes
from accord.events.casualties import find_casualties
from accord.events.coder import code_events
from accord.geo.event_places import place_events
from accord.nlp.mentions import MentionIndex
from accord.registry import DocContext, layer
from accord.resources import Resources
from accord.time import find_times
from accord.time.event_dates import date_events


@layer("sentences.v1", assigns=("sentences",))
def sentences_v1(ctx: DocContext, res: Resources) -> None:
    """Sentence spans from the parser, trimmed of surrounding whitespace."""
    text = ctx.analysis.text
    cuts = []
    dateline = ctx.analysis.dateline
    if dateline is not None:  # "MOSCOW, Nov 25 (Reuters) -" is a sentence of its own, however the parser split it
        cuts = [text.rfind("\n", 0, dateline.end) + 1, dateline.end]
    out = []
    for sent in ctx.doc.sents:
        bounds = [sent.start_char, *(c for c in cuts if sent.start_char < c < sent.end_char), sent.end_char]
        for start, end in zip(bounds, bounds[1:]):
            if cuts and cuts[0] <= start and end <= cuts[1] and out and out[-1][0] >= cuts[0]:
                start = out.pop()[0]  # a dateline the parser cut in two
            piece = text[start:end]
            start, end = start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
            if end > start:
                out.append((start, end))
    ctx.analysis.sentences = out


@layer("times.v1", assigns=("times",))
def times_v1(ctx: DocContext, res: Resources) -> None:
    """Time expressions, typed and normalised to TIMEX3 values against the document date (accord.time)."""
    ctx.analysis.times = find_times(ctx.doc, ctx.analysis.date)


@layer("actors.v1", requires=("sentences",), assigns=("entities", "mentions"))
def actors_v1(ctx: DocContext, res: Resources) -> None:
    """Entities from NER, and every actor mention resolved on the document's date."""
    mentions = resolve_actors(ctx.doc, res.kb, ctx.analysis.date)
    dateline = ctx.analysis.dateline
    if dateline is not None:  # "VIENNA, AUSTRIA (...) (REUTERS) -" says where the story was filed, not who acts
        start = ctx.analysis.text.rfind("\n", 0, dateline.end) + 1
        mentions = [m for m in mentions if not start <= m.actor.start < dateline.end]
    ctx.state.mentions = MentionIndex(mentions)
    ctx.analysis.entities = entities_from_doc(ctx.doc, mentions)


@layer("quotes.v1", requires=("sentences", "mentions"), assigns=("quotes",))
def quotes_v1(ctx: DocContext, res: Resources) -> None:
    """Direct, mixed and indirect quotes with their cue and speaker (accord.attribution)."""
    dateline = ctx.analysis.dateline
    ctx.analysis.quotes = find_quotes(ctx.doc, list(ctx.state.mentions.all), floor=dateline.end if dateline else 0)


@layer("places.v1", requires=("sentences", "mentions"), assigns=("places",))
def places_v1(ctx: DocContext, res: Resources) -> None:
    """Toponyms resolved against the GeoNames gazetteer, in the document's country context (accord.geo)."""
    from accord.geo import find_places, load_gazetteer

    ctx.analysis.places = find_places(ctx.doc, load_gazetteer(), ctx.analysis.dateline)


@layer("events.v1", requires=("sentences", "mentions", "quotes"), assigns=("events",))
def events_v1(ctx: DocContext, res: Resources) -> None:
    ctx.analysis.events = code_events(ctx, res)


@layer("event_dates.v1", requires=("events", "times"), assigns=("event_dates",))
def event_dates_v1(ctx: DocContext, res: Resources) -> None:
    """Each event's date from its own or an anchoring time expression, else the document's (accord.time)."""
    date_events(ctx.doc, ctx.analysis)


@layer("event_places.v1", requires=("events", "places", "event_dates"), assigns=("event_places",))
def event_places_v1(ctx: DocContext, res: Resources) -> None:
    """Each event's place from its own place phrase, else the dateline's for statements and meetings (accord.geo)."""
    place_events(ctx.doc, ctx.analysis)


@layer("casualties.v1", requires=("events", "times", "event_places"), assigns=("casualties",))
def casualties_v1(ctx: DocContext, res: Resources) -> None:
    """Killed and injured counts, on the violent event or the conflict they belong to (accord.events)."""
    ctx.analysis.casualties = find_casualties(ctx.doc, ctx.analysis)
