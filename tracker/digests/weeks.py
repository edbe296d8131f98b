"""ISO weeks in the site's time zone: what a digest covers."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


class BadWeek(ValueError):
    """A week written other than as YYYY-Www, or one that does not exist."""


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, value):
        match = _WEEK_RE.match((value or "").strip().upper())
        if not match:
            raise BadWeek(f"“{value}” is not a week; write it as YYYY-Www, for example 2026-W47.")
        year, number = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise BadWeek(f"{year} has no week {number}.") from None
        return cls(year, number)

    @classmethod
    def containing(cls, moment):
        """The week of an aware datetime, as seen in TIME_ZONE."""
        year, number, _ = timezone.localtime(moment).isocalendar()
        return cls(year, number)

    @classmethod
    def current(cls):
        return cls.containing(timezone.now())

    @classmethod
    def previous(cls):
        """The last complete week: what Monday morning's run reports on."""
        return cls.containing(timezone.now() - timedelta(days=7))

    @property
    def iso(self):
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self):
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self):
        return self.monday + timedelta(days=6)

    @property
    def start(self):
        """Monday 00:00 in TIME_ZONE."""
        return timezone.make_aware(datetime.combine(self.monday, time.min))

    @property
    def end(self):
        """The next Monday 00:00 in TIME_ZONE (exclusive)."""
        return timezone.make_aware(datetime.combine(self.monday + timedelta(days=7), time.min))

    @property
    def has_ended(self):
        """Whether the week is over (its Sunday has passed in TIME_ZONE): only then is its digest complete."""
        return self.end <= timezone.now()

    @property
    def label(self):
        """'16–22 Nov 2026', '30 Nov – 6 Dec 2026' or '28 Dec 2026 – 3 Jan 2027'."""
        first, last = self.monday, self.sunday
        if first.year != last.year:
            return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
        if first.month != last.month:
            return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
        return f"{first.day}–{last.day} {last:%b %Y}"

    def __str__(self):
        return self.iso
