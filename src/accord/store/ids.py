"""Stable ids: 16 hex characters of a hash, URL-safe and the same on every machine and run."""

from __future__ import annotations

import hashlib


def digest(*parts: str | None) -> str:
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()
