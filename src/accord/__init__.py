"""accord: news reports to political event data.

The public API: load :class:`Resources` once, then analyse records or strings.
"""

from accord.errors import AccordError
from accord.pipeline import analyze_batch, analyze_stream, analyze_texts
from accord.records import Analysis, Record, analysis_to_json
from accord.resources import Config, Resources

__all__ = [
    "AccordError",
    "Analysis",
    "Config",
    "Record",
    "Resources",
    "analysis_to_json",
    "analyze_batch",
    "analyze_stream",
    "analyze_texts",
]
