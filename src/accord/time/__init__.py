"""Time expressions: find them, type them, and normalise them to TIMEX3 values."""

from accord.time.timex import find_times

__all__ = ["find_times"]
