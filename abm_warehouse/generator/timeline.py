"""The demo's calendar and time formatting.

Times are carried as integer seconds since the Unix epoch (UTC) so that numpy can handle them
in bulk; they are only turned into text when a row is rendered: timestamps as ISO 8601 UTC
(`2025-03-04T10:15:00Z`), dates as `YYYY-MM-DD`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np

DAY = 86_400
HOUR = 3_600
WEEK = 7 * DAY

WINDOW_START = date(2024, 10, 1)
WINDOW_END = date(2026, 9, 30)
"""The data window. The latest event date found in the extracts is exactly WINDOW_END."""

FIRST_WEEK = WINDOW_START - timedelta(days=WINDOW_START.weekday())
"""Monday of the week holding WINDOW_START (weeks start on Monday)."""
N_WEEKS = (WINDOW_END - FIRST_WEEK).days // 7 + 1


def to_seconds(day: date) -> int:
    """Seconds since the epoch at 00:00 UTC of `day`."""
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def to_date(seconds: int) -> date:
    """The UTC calendar date of an epoch-seconds instant."""
    return datetime.fromtimestamp(int(seconds), tz=timezone.utc).date()


START_S = to_seconds(WINDOW_START)
END_S = to_seconds(WINDOW_END) + DAY - 1
"""Last second of the window (2026-09-30T23:59:59Z)."""
FIRST_WEEK_S = to_seconds(FIRST_WEEK)


def week_start_s(week: int) -> int:
    """Epoch seconds of the Monday that starts week number `week` (0 = FIRST_WEEK)."""
    return FIRST_WEEK_S + int(week) * WEEK


def week_of(seconds: int) -> int:
    """Week number (0 = FIRST_WEEK) of an instant."""
    return (int(seconds) - FIRST_WEEK_S) // WEEK


def fmt_ts(seconds: int | None) -> str | None:
    """ISO 8601 UTC timestamp text of one instant (None stays None)."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(int(seconds), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fmt_date(seconds: int | None) -> str | None:
    """`YYYY-MM-DD` text of the UTC date of one instant (None stays None)."""
    if seconds is None:
        return None
    return to_date(seconds).isoformat()


def fmt_ts_array(seconds: np.ndarray) -> np.ndarray:
    """Vectorized `fmt_ts` for an int64 array."""
    text = np.datetime_as_string(np.asarray(seconds, dtype="datetime64[s]"), unit="s")
    return np.char.add(text, "Z").astype(object)


def fmt_date_array(seconds: np.ndarray) -> np.ndarray:
    """Vectorized `fmt_date` for an int64 array."""
    days = np.asarray(seconds, dtype=np.int64) // DAY
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D").astype(object)


def month_starts(first: date, last: date) -> list[date]:
    """First days of every month from `first`'s month through `last`'s month."""
    months: list[date] = []
    current = date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def quarter_starts(first: date, last: date) -> list[date]:
    """First days of every calendar quarter from `first`'s quarter through `last`'s."""
    return [m for m in month_starts(first, last) if m.month in (1, 4, 7, 10)] or [
        date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    ]


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def business_time(rng: np.random.Generator, day_start_s: np.ndarray) -> np.ndarray:
    """Instants during working hours (07:00-18:59 UTC, peak late morning) of given days."""
    hours = np.clip(np.round(rng.normal(12.0, 2.6, size=len(day_start_s))), 7, 18).astype(np.int64)
    minutes = rng.integers(0, 60, size=len(day_start_s))
    seconds = rng.integers(0, 60, size=len(day_start_s))
    return np.asarray(day_start_s, dtype=np.int64) + hours * HOUR + minutes * 60 + seconds


def clip_to_window(seconds: np.ndarray) -> np.ndarray:
    """Clamp instants into [START_S, END_S]."""
    return np.clip(np.asarray(seconds, dtype=np.int64), START_S, END_S)
