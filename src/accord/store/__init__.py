"""The event store: ingest analyses into DuckDB, cluster duplicate reports, query and export.

Schema and rules: FORMAT.md beside this file; user guide: docs/store.md.
"""

from accord.store.query import EventFilter
from accord.store.schema import SCHEMA_VERSION
from accord.store.store import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "EventFilter", "Store"]
