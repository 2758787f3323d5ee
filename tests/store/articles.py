"""Hand-written test articles: one event reported several times, and look-alikes that are other events."""

from __future__ import annotations

# Wire copy is republished: the same lead sentence under different headlines and dates is the
# usual shape of one event reported several times. The B articles look alike but are other events.
ARTICLES = [
    {"id": "aleppo-1", "date": "2016-03-08", "publisher": "Wire One", "url": "https://example.org/aleppo-1",
     "title": "Russian jets bomb Aleppo",
     "text": "Russian jets bomb Aleppo\n\nRussian warplanes bombed rebel positions in Aleppo on Monday, "
             "activists said. Turkey condemned the strikes."},
    {"id": "aleppo-2", "date": "2016-03-08", "publisher": "Daily Two",
     "title": "Airstrikes hit northern Syria",
     "text": "Airstrikes hit northern Syria\n\nRussian warplanes bombed rebel positions in Aleppo on Monday, "
             "activists said. The United Nations urged both sides to respect the truce."},
    {"id": "aleppo-3", "date": "2016-03-09", "publisher": "Weekly Three",
     "title": "Fighting goes on in Syria",
     "text": "Fighting goes on in Syria\n\nIran and Iraq signed an agreement on oil exports on Tuesday. "
             "Russian warplanes bombed rebel positions in Aleppo on Monday, activists said."},
    {"id": "damascus-1", "date": "2016-03-08", "publisher": "Wire One",
     "title": "Strikes near the capital",
     "text": "Strikes near the capital\n\nRussian warplanes bombed rebel positions in Damascus on Monday, "
             "activists said."},
    {"id": "aleppo-later", "date": "2016-03-22", "publisher": "Wire One",
     "title": "Russian jets return to Aleppo",
     "text": "Russian jets return to Aleppo\n\nRussian warplanes bombed rebel positions in Aleppo on Monday, "
             "activists said. Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry "
             "in Moscow on Tuesday."},
]


def records():
    from accord.records import Record

    return [Record(id=a["id"], text=a["text"], title=a["title"], date=a["date"], url=a.get("url"),
                   publisher=a["publisher"], origin=f"articles.jsonl:{i}") for i, a in enumerate(ARTICLES, 1)]
