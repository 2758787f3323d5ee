"""Column layouts of exported events: SQL select lists over the events table ``e``.

``flat`` is the store's own event row (FORMAT.md). ``phoenix`` follows the Phoenix / ICEWS
event-data convention, one column per field those users expect; each column is documented
in docs/store.md ("Phoenix layout"). ``brief`` is what fits a terminal.
"""

from __future__ import annotations

from accord.store.query import known

_REPORTS = "(SELECT count(*) FROM events r WHERE r.cluster_id = e.cluster_id)"

LAYOUTS = {
    "flat": "e.* EXCLUDE (match_key)",
    "phoenix": ", ".join([
        "e.event_id AS EventID",
        "replace(e.date, '-', '') AS Date",
        "year(e.day) AS Year",
        "CASE WHEN e.date_precision IN ('day', 'month') THEN month(e.day) END AS Month",
        "CASE WHEN e.date_precision = 'day' THEN day(e.day) END AS Day",
        "e.source_code AS SourceActorFull",
        "coalesce(e.source_country, left(e.source_code, 3)) AS SourceActorEntity",
        "e.source_sector AS SourceActorRole",
        "e.source_name AS SourceActorName",
        "e.target_code AS TargetActorFull",
        "coalesce(e.target_country, left(e.target_code, 3)) AS TargetActorEntity",
        "e.target_sector AS TargetActorRole",
        "e.target_name AS TargetActorName",
        "e.cameo AS EventCode",
        "e.root AS EventRootCode",
        "e.plover AS PloverType",
        "e.quad_class AS QuadClass",
        "e.goldstein AS GoldsteinScore",
        "e.modality AS Modality",
        "e.speaker AS Speaker",
        "e.lat AS Lat",
        "e.lon AS Lon",
        "e.place_name AS LocationName",
        "e.place_country AS CountryCode",
        "e.article_id AS StoryID",
        "e.article_id || '-' || e.sentence_index AS SentenceID",
        "e.url AS URL",
        "e.publisher AS NewsSource",
        "e.cluster_id AS ClusterID",
        f"{_REPORTS} AS Reports",
    ]),
    "brief": "e.date, coalesce(e.source_name, e.source_code) AS source, e.source_code, "
             "coalesce(e.target_name, e.target_code) AS target, e.target_code, e.cameo, e.plover, e.modality, "
             "e.trigger, e.article_id, e.event_id",
}


def columns(layout: str) -> str:
    return LAYOUTS[known("layout", layout, list(LAYOUTS))]
