"""Retention periods: ISO 8601 durations, their triggers, and whether an item is past its time."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional

_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)

# What the retention period is counted from.
TRIGGERS = {
    "modified": "the item's last modification",
    "created": "the item's creation (its modification time when the source does not know it)",
    "end_of_financial_year": "the end of the financial year in which the item was last modified",
    "event": "an event Leidur cannot see (end of contract, end of employment); counted from the "
             "item's modification at the earliest",
}


_FROM = {
    "modified": "from last modification",
    "created": "from creation",
    "end_of_financial_year": "from end of financial year",
    "event": "after the event",
}


class DurationError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    """A calendar duration: years and months are added on the calendar, the rest as a timedelta."""

    text: str
    years: int = 0
    months: int = 0
    rest: timedelta = timedelta(0)

    @classmethod
    def parse(cls, text: str) -> "Duration":
        match = _DURATION.match(str(text).strip().upper())
        if not match:
            raise DurationError(f"'{text}' is not an ISO 8601 duration such as P7Y, P6M, P30D or P1Y6M")
        parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
        rest = timedelta(weeks=parts["weeks"], days=parts["days"], hours=parts["hours"],
                         minutes=parts["minutes"], seconds=parts["seconds"])
        return cls(str(text).strip().upper(), parts["years"], parts["months"], rest)

    def after(self, start: datetime) -> datetime:
        """`start` plus this duration; 29 February plus one year is 28 February."""
        month_index = start.month - 1 + self.months
        year = start.year + self.years + month_index // 12
        month = month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return start.replace(year=year, month=month, day=day) + self.rest


def financial_year_end(moment: datetime, year_end: tuple[int, int] = (12, 31)) -> datetime:
    """The last instant of the financial year (ending on month/day `year_end`) that holds `moment`."""
    month, day = year_end

    def end_in(year: int) -> datetime:
        last = min(day, calendar.monthrange(year, month)[1])  # a year ending 29 Feb ends 28 Feb in other years
        return datetime.combine(date(year, month, last), time.max, tzinfo=moment.tzinfo or timezone.utc)

    end = end_in(moment.year)
    return end if _aware(moment) <= end else end_in(moment.year + 1)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Retention:
    period: Optional[Duration]  # None: keep while needed (no fixed period)
    trigger: str = "modified"
    citation: str = ""

    def describe(self) -> str:
        if self.period is None:
            text = "while needed"
        else:
            text = f"{self.period.text} {_FROM[self.trigger]}"
        return f"{text} ({self.citation})" if self.citation else text

    def until(self, modified: Optional[datetime], created: Optional[datetime],
              year_end: tuple[int, int] = (12, 31)) -> Optional[datetime]:
        """When the item's retention ends, or None when it cannot be told."""
        if self.period is None:
            return None
        start = created if self.trigger == "created" and created else modified
        if start is None:
            return None
        start = _aware(start)
        if self.trigger == "end_of_financial_year":
            start = financial_year_end(start, year_end)
        return self.period.after(start)

    def status(self, modified: Optional[datetime], created: Optional[datetime], now: datetime,
               year_end: tuple[int, int] = (12, 31)) -> tuple[str, Optional[datetime]]:
        """(`ok` | `overdue` | `unknown`, retention end)."""
        until = self.until(modified, created, year_end)
        if until is None:
            return "unknown", None
        if self.trigger == "event":
            # The event (end of a contract) comes after the item was written, so `until` is
            # only the earliest end: before it the item is surely kept lawfully; after it
            # Leidur cannot tell, and says so rather than calling the item overdue.
            return ("ok" if until > _aware(now) else "unknown"), None
        return ("ok" if until > _aware(now) else "overdue"), until
