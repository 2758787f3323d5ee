"""Write query results as a terminal table, CSV, TSV, JSON, JSON Lines or Parquet, streaming.

Results arrive as Arrow record batches, so an export of millions of mentions never holds
them all: each batch is written and dropped. Layouts (which columns) are SQL select lists in
:mod:`accord.store.layouts`; this module only encodes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from accord.errors import ConfigError, Errors
from accord.outfiles import atomic_output

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "parquet")
TABLE_WIDTH = 28  # widest cell of the terminal table


def _batches(data: pa.Table | pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    yield from (data.to_batches() if isinstance(data, pa.Table) else data)


def _flat(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Lists (a cluster's mention ids) as ';'-joined text: CSV has no lists."""
    columns = []
    for column in batch.columns:
        if pa.types.is_list(column.type):
            column = pc.binary_join(pc.cast(column, pa.list_(pa.string())), ";")
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


def write(data: pa.Table | pa.RecordBatchReader, fmt: str, path: str | None = None) -> int:
    """Write every row to ``path`` (standard output when None or '-'); returns the row count. A file
    is replaced only once every row is written (:func:`accord.outfiles.atomic_output`)."""
    if fmt == "parquet" and path in (None, "-"):
        raise ConfigError(Errors.A407.format(fmt="Parquet"))
    rows = 0
    with atomic_output(path, binary=True) as out:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            with pq.ParquetWriter(out, data.schema) as writer:
                for batch in _batches(data):
                    writer.write_batch(batch)
                    rows += batch.num_rows
        elif fmt in ("csv", "tsv"):
            import pyarrow.csv as pacsv

            writer = None
            for batch in _batches(data):
                batch = _flat(batch)
                if writer is None:
                    options = pacsv.WriteOptions(delimiter="," if fmt == "csv" else "\t", quoting_style="needed")
                    writer = pacsv.CSVWriter(out, batch.schema, write_options=options)
                writer.write_batch(batch)
                rows += batch.num_rows
            if writer is None:  # no rows: still a header line
                header = ("," if fmt == "csv" else "\t").join(data.schema.names)
                out.write((header + "\n").encode())
            else:
                writer.close()
        elif fmt in ("json", "jsonl"):
            first = True
            if fmt == "json":
                out.write(b"[")
            for batch in _batches(data):
                for row in batch.to_pylist():
                    line = json.dumps(row, ensure_ascii=False, default=_json_value)
                    if fmt == "json":
                        line = ("\n " if first else ",\n ") + line
                    else:
                        line += "\n"
                    out.write(line.encode("utf-8"))
                    first = False
                    rows += 1
            if fmt == "json":
                out.write(b"\n]\n" if not first else b"]\n")
        elif fmt == "table":
            table = pa.Table.from_batches(list(_batches(data)), schema=data.schema)
            out.write(format_table(table).encode("utf-8"))
            rows = table.num_rows
        else:
            raise ConfigError(Errors.A405.format(what="format", value=fmt, known=", ".join(FORMATS)))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == value else "-"
    if isinstance(value, list):
        value = ";".join(map(str, value))
    text = " ".join(str(value).split())
    return text if len(text) <= TABLE_WIDTH else text[: TABLE_WIDTH - 1] + "…"


def format_table(table: pa.Table) -> str:
    """A plain-text table for the terminal: one line per row, cells cut to a readable width."""
    names = table.schema.names
    cells = [[_cell(v) for v in row.values()] for row in table.to_pylist()]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
