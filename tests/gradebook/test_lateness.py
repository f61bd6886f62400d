from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from autograder.desk.gradebook.lateness import PenaltyRule, Per, lateness

DUE = datetime(2026, 12, 10, 23, 59, tzinfo=ZoneInfo("America/Toronto"))
RULE = PenaltyRule(per=Per.HOUR, percent=2, cap_percent=50, grace_minutes=15, zero_after_hours=72)


def late_by(**delta) -> datetime:
    return DUE + timedelta(**delta)


@pytest.mark.parametrize(
    "submitted, percent, words",
    [
        (late_by(minutes=-5), 0, "on time"),
        (late_by(minutes=10), 0, "inside the grace period"),
        (late_by(minutes=60), 2, "1 h late, 1 started hour x 2% = 2%"),
        # 61 minutes: said to the minute, so "2 started hours" cannot read as a contradiction
        (late_by(minutes=61), 4, "1 h 1 min late, 2 started hours x 2% = 4%"),
        (late_by(seconds=30 * 60 + 1), 2, "31 min late, 1 started hour"),
        (late_by(hours=30), 50, "30 started hours x 2% = 60%, capped at 50%"),
        (late_by(hours=49, minutes=5), 50, "2 days 1 h 5 min late"),
        (late_by(hours=73), 100, "past the 72 hours cut-off"),
    ],
)
def test_the_penalty(submitted, percent, words):
    late = lateness(submitted, DUE, RULE)
    assert late.penalty_percent == percent and words in late.reason
    assert late.apply(17) == pytest.approx(17 * (1 - percent / 100))


def test_per_day_counts_started_days():
    rule = PenaltyRule(per=Per.DAY, percent=10)
    assert lateness(late_by(hours=25), DUE, rule).penalty_percent == 20


def test_a_time_in_another_zone_is_compared_as_the_same_instant():
    utc = late_by(minutes=-1).astimezone(ZoneInfo("UTC"))
    assert lateness(utc, DUE, RULE).reason == "on time"


def test_no_known_time_is_said_and_not_penalised():
    late = lateness(None, DUE, RULE)
    assert (late.penalty_percent, late.known) == (0, False)
    assert "no known submission time" in late.reason
    marked = lateness(None, DUE, RULE, marked_late=True)
    assert "marked late by Canvas" in marked.reason and marked.penalty_percent == 0


def test_a_grader_failure_has_no_final():
    assert lateness(late_by(hours=1), DUE, RULE).apply(None) is None
