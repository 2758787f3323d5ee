"""Time budgets: a document whose analysis runs too long ends as an error record (A112)
instead of holding up the whole run.

On the main thread of a process (the CLI, each worker of a pool) an alarm signal (SIGALRM)
interrupts the work wherever it is, even a layer stuck in a loop; on other threads, where
signals are not delivered, :func:`check_time` between layers is what stops it. Limits nest:
a per-request limit around per-document ones, each expiring on its own deadline.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

# The default budget of a document: enough for a 5-million-character text on a slow machine
# (analysis runs at about 0.1 ms per character), short enough that a runaway ends the same day.
BASE_SECONDS = 30.0
SECONDS_PER_CHAR = 0.001
LONGEST_ALARM = 1e7  # seconds; setitimer overflows on huge values: a longer limit sets it again when it rings


class TimeBudgetExceeded(BaseException):
    """A time limit ran out. A BaseException, like KeyboardInterrupt, so that the ``except
    Exception`` turning a layer's failure into a StageError does not swallow it."""


def budget_for(setting: float | None, chars: int) -> float | None:
    """Seconds a document of ``chars`` characters may take: ``setting`` seconds, no limit for 0,
    and for None the default, BASE_SECONDS plus SECONDS_PER_CHAR per character."""
    if setting is None:
        return BASE_SECONDS + SECONDS_PER_CHAR * chars
    return setting or None


@dataclass(frozen=True, eq=False)  # limits are told apart by identity, never by deadline
class Limit:
    deadline: float  # time.monotonic()

    @classmethod
    def after(cls, seconds: float | None) -> Limit | None:
        """A limit ``seconds`` from now; None for no limit."""
        return None if seconds is None else cls(time.monotonic() + seconds)

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.deadline


_local = threading.local()


def _limits() -> list[Limit]:
    """This thread's limits, outermost first."""
    if not hasattr(_local, "limits"):
        _local.limits = []
    return _local.limits


def check_time() -> None:
    """Raise TimeBudgetExceeded if one of this thread's limits has run out."""
    if any(limit.expired for limit in _limits()):
        raise TimeBudgetExceeded


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm() -> None:
    """Set the alarm for the nearest deadline of the limits in force (none: no alarm)."""
    limits = _limits()
    if limits:
        left = min(limit.deadline for limit in limits) - time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, min(max(left, 1e-6), LONGEST_ALARM))  # 0 would cancel it
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if any(limit.expired for limit in _limits()):
        raise TimeBudgetExceeded
    _arm()  # early (the clocks differ by a hair): wait for the deadline


@contextmanager
def time_limit(limit: Limit | None) -> Iterator[None]:
    """Raise TimeBudgetExceeded in the block once ``limit`` runs out (None: no limit).

    A caller that catches the exception asks ``limit.expired`` whether it was this limit or an
    outer one, which it should let through; the exception may come as the block is entered."""
    if limit is None:
        yield
        return
    alarm = _can_alarm()
    previous = signal.getsignal(signal.SIGALRM) if alarm else None
    _limits().append(limit)
    try:
        if alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
            _arm()
        yield
    finally:
        while True:  # an alarm that fires during the clean-up interrupts it: finish it all the same
            try:
                _release(limit, alarm, previous)
                break
            except TimeBudgetExceeded:
                continue


def _release(limit: Limit, alarm: bool, previous: object) -> None:
    """Undo ``time_limit`` (idempotent): drop the limit, and re-arm for the outer ones."""
    limits = _limits()
    if limit in limits:
        limits.remove(limit)
    if alarm:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if not limits:
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        _arm()
