"""The ingest stage: input files to Records, and wire-service datelines.

``read_inputs`` yields one Record or InputError per input record; the pipeline
then calls ``parse_dateline`` on each text (see ``accord.ingest.dateline``).
"""

from accord.ingest.dateline import parse_dateline
from accord.ingest.readers import count_records, read_inputs

__all__ = ["count_records", "parse_dateline", "read_inputs"]
