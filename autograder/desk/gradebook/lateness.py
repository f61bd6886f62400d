"""Lateness: how late a submission was, and the penalty on its final score.

Pure functions of the due date, the submission time and the course's rule
(:class:`PenaltyRule`, read from the course file by :mod:`autograder.desk.gradebook.course`).
A submission inside the grace period is on time; past it, lateness counts from the due
date, in started hours or days. The penalty is a percentage of the final score only: the
autograded and manual points stay as they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Per(StrEnum):
    HOUR = "hour"
    DAY = "day"


UNIT_MINUTES = {Per.HOUR: 60, Per.DAY: 24 * 60}


@dataclass(frozen=True)
class PenaltyRule:
    """A course's late rule: ``percent`` per started ``per`` late after ``grace_minutes``,
    at most ``cap_percent``; 100% (a zero) past ``zero_after_hours`` when set."""

    per: Per = Per.DAY
    percent: float = 0.0
    cap_percent: float = 100.0
    grace_minutes: float = 0.0
    zero_after_hours: float | None = None

    def describe(self) -> str:
        words = f"{self.percent:g}% per {self.per} late, at most {self.cap_percent:g}%"
        if self.grace_minutes:
            words += f", after a grace period of {self.grace_minutes:g} minutes"
        if self.zero_after_hours is not None:
            words += f"; 0 after {self.zero_after_hours:g} hours"
        return words


@dataclass(frozen=True)
class Lateness:
    """What the pages and exports show: minutes late (None: unknown), the penalty, why."""

    minutes_late: float | None
    penalty_percent: float
    reason: str
    known: bool = True  # False: no time was known, so nothing was applied

    def apply(self, points: float | None) -> float | None:
        if points is None:
            return None
        return round(points * (1 - self.penalty_percent / 100), 4)


def lateness(
    submitted_at: datetime | None,
    due: datetime | None,
    rule: PenaltyRule,
    marked_late: bool = False,
    source: str = "",
) -> Lateness:
    """The lateness of one submission. ``marked_late``: its source says it was late
    without a time (Canvas' ``_LATE``); ``source``: where the time came from, named in
    the reason."""
    late = _lateness(submitted_at, due, rule, marked_late)
    if source and (submitted_at is not None or marked_late) and due is not None:
        return Lateness(late.minutes_late, late.penalty_percent, f"{late.reason} ({source})",
                        late.known)  # fmt: skip
    return late


def _lateness(
    submitted_at: datetime | None, due: datetime | None, rule: PenaltyRule, marked_late: bool
) -> Lateness:
    if due is None:
        return Lateness(None, 0.0, "no due date in the course file: no penalty")
    if submitted_at is None:
        if marked_late:
            return Lateness(
                None,
                0.0,
                "marked late by Canvas, at an unknown time: no penalty applied until its "
                "time is given (a submission-times CSV)",
                known=False,
            )
        return Lateness(None, 0.0, "no known submission time: no penalty applied", known=False)
    minutes = (submitted_at - due).total_seconds() / 60
    if minutes <= 0:
        return Lateness(0.0, 0.0, "on time")
    if minutes <= rule.grace_minutes:
        return Lateness(minutes, 0.0, f"{duration(minutes)} late, inside the grace period")
    if rule.zero_after_hours is not None and minutes > rule.zero_after_hours * 60:
        cutoff = f"{rule.zero_after_hours:g} hours"
        return Lateness(minutes, 100.0, f"{duration(minutes)} late, past the {cutoff} cut-off")
    units = math.ceil(minutes / UNIT_MINUTES[rule.per])
    percent = min(rule.cap_percent, units * rule.percent)
    unit = rule.per if units == 1 else f"{rule.per}s"
    # "started": 61 minutes are 2 started hours, so the count never reads as a contradiction
    reason = f"{duration(minutes)} late, {units} started {unit} x {rule.percent:g}%"
    if percent < units * rule.percent:
        reason += f" = {units * rule.percent:g}%, capped at {rule.cap_percent:g}%"
    else:
        reason += f" = {percent:g}%"
    return Lateness(minutes, percent, reason)


def duration(minutes: float) -> str:
    """A lateness to the minute: "45 min", "1 h 1 min", "2 days 3 h 5 min"."""
    total = math.ceil(minutes)  # a second late is a minute late: never shown as on time
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day" if days == 1 else "days"), (hours, "h"), (mins, "min")]
    return " ".join(f"{count} {unit}" for count, unit in parts if count) or "0 min"
