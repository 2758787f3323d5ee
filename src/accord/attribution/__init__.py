"""Attribution: who said what (direct, mixed and indirect quotes)."""

from accord.attribution.quotes import find_quotes

__all__ = ["find_quotes"]
