"""Time budgets: limits interrupt work on the main thread, nest, check between steps elsewhere,
and leave no alarm behind."""

from __future__ import annotations

import math
import signal
import threading
import time

import pytest

from accord.budget import BASE_SECONDS, SECONDS_PER_CHAR, Limit, TimeBudgetExceeded, budget_for, check_time, time_limit
from accord.errors import ConfigError
from accord.resources import Config

GIVE_UP = 30.0  # seconds: a loop that was never interrupted fails the test instead of hanging it


def spin() -> None:
    """Busy work that only an alarm can stop."""
    end = time.monotonic() + GIVE_UP
    while time.monotonic() < end:
        pass
    pytest.fail("the time limit never interrupted the loop")


def test_time_limit_interrupts_a_busy_loop_and_leaves_no_alarm():
    handler = signal.getsignal(signal.SIGALRM)
    limit = Limit.after(0.05)
    with pytest.raises(TimeBudgetExceeded):
        with time_limit(limit):
            spin()
    assert limit.expired
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == handler
    check_time()  # no limit left in force


def test_no_limit_and_a_finished_block_do_not_raise():
    with time_limit(None):
        check_time()
    with time_limit(Limit.after(60)):
        check_time()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_is_not_swallowed_by_except_exception():
    """A layer's ``except Exception`` must not catch the budget's exception."""
    with pytest.raises(TimeBudgetExceeded):
        with time_limit(Limit.after(0.05)):
            try:
                spin()
            except Exception:  # noqa: BLE001 - what a careless layer does
                pytest.fail("the budget's exception was caught as an Exception")


def test_outer_limit_expires_inside_a_longer_inner_one():
    outer, inner = Limit.after(0.05), Limit.after(60)
    with pytest.raises(TimeBudgetExceeded):
        with time_limit(outer):
            try:
                with time_limit(inner):
                    spin()
            except TimeBudgetExceeded:
                assert not inner.expired and outer.expired  # the inner caller lets it through
                raise
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_inner_limit_expires_and_the_outer_one_still_holds():
    outer, inner = Limit.after(0.4), Limit.after(0.05)
    with pytest.raises(TimeBudgetExceeded):
        with time_limit(outer):
            with pytest.raises(TimeBudgetExceeded):
                with time_limit(inner):
                    spin()
            assert inner.expired and not outer.expired
            spin()  # the outer alarm is set again
    assert outer.expired


def test_off_the_main_thread_check_time_stops_the_work():
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_limit(Limit.after(0.05)):
                end = time.monotonic() + GIVE_UP
                while time.monotonic() < end:
                    check_time()  # what run_layers does between layers
                outcome.append("ran on")
        except TimeBudgetExceeded:
            outcome.append("stopped")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["stopped"]


def test_budget_for_default_grows_with_length_zero_is_none():
    assert budget_for(None, 0) == BASE_SECONDS
    assert budget_for(None, 1_000_000) == pytest.approx(BASE_SECONDS + 1_000_000 * SECONDS_PER_CHAR)
    assert budget_for(0, 1_000_000) is None
    assert budget_for(2.5, 1_000_000) == 2.5


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_config_refuses_a_bad_time_budget(bad):
    with pytest.raises(ConfigError, match=r"\[A113\]"):
        Config(time_budget=bad)
