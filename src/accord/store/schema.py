"""The store's tables, declared once: the DuckDB DDL and the Arrow schemas both come from here.

Rows travel as Arrow tables (from the analysis, from Dask's Parquet partitions) and are
inserted by column name, so a table's columns are listed in one place only. The schema is
documented column by column in ``FORMAT.md`` beside this file; bump ``SCHEMA_VERSION``
whenever a column changes meaning or type.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 2

_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("article_id", "VARCHAR"), ("content_hash", "VARCHAR"), ("title", "VARCHAR"), ("url", "VARCHAR"),
        ("publisher", "VARCHAR"), ("date", "VARCHAR"), ("date_basis", "VARCHAR"), ("origin", "VARCHAR"),
        ("chars", "INTEGER"), ("sentences", "INTEGER"), ("events", "INTEGER"), ("errors", "INTEGER"),
        ("ingested_at", "TIMESTAMP"), ("doc", "VARCHAR"),
    ),
    "events": (
        ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("event", "VARCHAR"), ("cluster_id", "VARCHAR"),
        ("date", "VARCHAR"), ("day", "DATE"), ("date_precision", "VARCHAR"), ("date_basis", "VARCHAR"),
        ("published", "VARCHAR"),
        ("source_code", "VARCHAR"), ("source_name", "VARCHAR"), ("source_country", "VARCHAR"),
        ("source_sector", "VARCHAR"), ("sources", "VARCHAR"),
        ("target_code", "VARCHAR"), ("target_name", "VARCHAR"), ("target_country", "VARCHAR"),
        ("target_sector", "VARCHAR"), ("targets", "VARCHAR"),
        ("cameo", "VARCHAR"), ("cameo_name", "VARCHAR"), ("root", "VARCHAR"), ("plover", "VARCHAR"),
        ("plover_mode", "VARCHAR"), ("goldstein", "DOUBLE"), ("quad_class", "INTEGER"), ("modality", "VARCHAR"),
        ("speaker", "VARCHAR"), ("speaker_code", "VARCHAR"), ("speaker_country", "VARCHAR"),
        ("place_name", "VARCHAR"), ("place_country", "VARCHAR"), ("place_feature", "VARCHAR"),
        ("lat", "DOUBLE"), ("lon", "DOUBLE"),
        ("fatalities_min", "INTEGER"), ("fatalities_max", "INTEGER"),
        ("injured_min", "INTEGER"), ("injured_max", "INTEGER"),
        ("trigger", "VARCHAR"), ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"),
        ("sentence_index", "INTEGER"), ("sentence", "VARCHAR"), ("sentence_start", "INTEGER"),
        ("sentence_end", "INTEGER"), ("rule", "VARCHAR"), ("confidence", "DOUBLE"),
        ("title", "VARCHAR"), ("publisher", "VARCHAR"), ("url", "VARCHAR"), ("match_key", "VARCHAR"),
    ),
    "event_actors": (
        ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("role", "VARCHAR"), ("position", "INTEGER"),
        ("code", "VARCHAR"), ("name", "VARCHAR"), ("text", "VARCHAR"), ("country", "VARCHAR"),
        ("sector", "VARCHAR"), ("kb_id", "VARCHAR"), ("char_start", "INTEGER"), ("char_end", "INTEGER"),
    ),
    "quotes": (
        ("article_id", "VARCHAR"), ("quote_id", "VARCHAR"), ("kind", "VARCHAR"), ("text", "VARCHAR"),
        ("cue", "VARCHAR"), ("speaker_code", "VARCHAR"), ("speaker_name", "VARCHAR"),
        ("speaker_country", "VARCHAR"), ("char_start", "INTEGER"), ("char_end", "INTEGER"),
    ),
    "places": (
        ("article_id", "VARCHAR"), ("place_id", "VARCHAR"), ("text", "VARCHAR"), ("name", "VARCHAR"),
        ("country", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonameid", "INTEGER"),
        ("feature", "VARCHAR"), ("char_start", "INTEGER"), ("char_end", "INTEGER"),
    ),
    "times": (
        ("article_id", "VARCHAR"), ("time_id", "VARCHAR"), ("type", "VARCHAR"), ("value", "VARCHAR"),
        ("text", "VARCHAR"), ("char_start", "INTEGER"), ("char_end", "INTEGER"),
    ),
    "errors": (
        ("error_id", "VARCHAR"), ("article_id", "VARCHAR"), ("origin", "VARCHAR"), ("stage", "VARCHAR"),
        ("code", "VARCHAR"), ("message", "VARCHAR"), ("ingested_at", "TIMESTAMP"),
    ),
    "clusters": (
        ("cluster_id", "VARCHAR"), ("match_key", "VARCHAR"), ("day", "DATE"), ("place_name", "VARCHAR"),
        ("place_country", "VARCHAR"), ("place_feature", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
    ),
    "aliases": (
        ("article_id", "VARCHAR"), ("content_hash", "VARCHAR"), ("url", "VARCHAR"), ("publisher", "VARCHAR"),
        ("origin", "VARCHAR"), ("ingested_at", "TIMESTAMP"),
    ),
}

# Every table with its columns, the store's own ``meta`` (key ``schema_version``) first: what a store must have.
COLUMNS = {"meta": (("key", "VARCHAR"), ("value", "VARCHAR")), **TABLES}

# Tables whose rows belong to one article: replaced together when the article changes.
ARTICLE_TABLES = ("articles", "events", "event_actors", "quotes", "places", "times")
# Tables a batch of analyses fills; the store derives clusters and aliases itself.
BATCH_TABLES = tuple(t for t in TABLES if t not in ("clusters", "aliases"))
# Older versions that ``accord store upgrade`` brings to this one: the tables it creates, empty.
UPGRADES: dict[str, tuple[str, ...]] = {"1": ("aliases",)}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW[kind]) for name, kind in TABLES[table]])


def ddl() -> list[str]:
    """CREATE statements for a new store (no constraints: uniqueness is kept by the writer)."""
    return [create_table("meta"), *map(create_table, TABLES)]


def create_table(table: str) -> str:
    body = ", ".join(f'"{name}" {kind}' for name, kind in COLUMNS[table])
    return f"CREATE TABLE {table} ({body})"
