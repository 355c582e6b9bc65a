"""Deadlines for considering appeals, Law 393/96-ВР "Про звернення громадян".

- art. 20: one month from receipt by default; at most 15 days when no additional study
  is needed; the head may extend with notice to the applicant, to at most 45 days in total.
- art. 7: an appeal outside the body's competence is forwarded within 5 days; one lacking
  the data needed for a decision is returned to its author within the same 5 days.
- art. 5: an appeal not meeting art. 5 is returned to the applicant within 10 days.
- art. 20: on the applicant's reasoned written request the term may be shortened.

Days off (our decision, documented in suprovid/reports/README.md): Civil Code art. 254
part 5 — when the last day of a term falls on a day off, the term ends on the next working
day. Saturdays and Sundays are days off, and public holidays and transferred days off
(the `holidays` package's calendar of Ukraine, which already treats holidays under martial
law, Law 2136-IX, as working days) while `APPEALS_HOLIDAYS_ARE_DAYS_OFF` is true.
`APPEALS_DEADLINE_NEXT_WORKING_DAY` switches the rule off (the test settings do, so that
older tests keep calendar arithmetic).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

from .models import DeadlineRule

# Law 393/96 art. 20
NO_STUDY_DAYS = 15
MAX_TOTAL_DAYS = 45
# Law 393/96 art. 7
FORWARD_DAYS = 5
RETURN_MISSING_DAYS = 5
# Law 393/96 art. 5
RETURN_DAYS = 10
# Work lists mark issues due within this many days.
DUE_SOON_DAYS = 3


class DeadlineError(ValueError):
    """A requested deadline the law does not allow; the message says why."""


def add_one_month(day: dt.date) -> dt.date:
    """The same day number next month, or that month's last day when it has no such day."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("UA", years=year).keys())


def is_day_off(day: dt.date) -> bool:
    """Saturday, Sunday, or (when configured) a public holiday of Ukraine."""
    if day.weekday() >= 5:
        return True
    if getattr(settings, "APPEALS_HOLIDAYS_ARE_DAYS_OFF", True):
        return day in _holidays(day.year)
    return False


def next_working_day(day: dt.date) -> dt.date:
    """Civil Code art. 254 part 5: a term ending on a day off ends on the next working day."""
    if not getattr(settings, "APPEALS_DEADLINE_NEXT_WORKING_DAY", True):
        return day
    while is_day_off(day):
        day += dt.timedelta(days=1)
    return day


def calendar_due_date(received_on: dt.date, rule: str = DeadlineRule.STANDARD) -> dt.date:
    """The deadline by calendar arithmetic alone, before moving off a day off."""
    if rule == DeadlineRule.NO_STUDY:
        return received_on + dt.timedelta(days=NO_STUDY_DAYS)
    if rule == DeadlineRule.FORWARD:
        return received_on + dt.timedelta(days=FORWARD_DAYS)
    if rule == DeadlineRule.RETURN_MISSING:
        return received_on + dt.timedelta(days=RETURN_MISSING_DAYS)
    if rule == DeadlineRule.RETURN:
        return received_on + dt.timedelta(days=RETURN_DAYS)
    return add_one_month(received_on)


def due_date(received_on: dt.date, rule: str = DeadlineRule.STANDARD) -> dt.date:
    """The statutory deadline of an issue received on `received_on` under `rule`."""
    return next_working_day(calendar_due_date(received_on, rule))


def rule_note(received_on: dt.date, rule: str, due_on: dt.date) -> str:
    """A sentence for the issue page saying how the deadline was computed."""
    plain = calendar_due_date(received_on, rule)
    if plain != due_on and next_working_day(plain) == due_on:
        return _(
            "The term ends on %(plain)s, a day off, so it moves to the next working day "
            "%(due)s (Civil Code art. 254 part 5)."
        ) % {"plain": plain.strftime("%d.%m.%Y"), "due": due_on.strftime("%d.%m.%Y")}
    return _(
        "A term that ends on a day off ends on the next working day (Civil Code art. 254 part 5)."
    )


def latest_extension(received_on: dt.date) -> dt.date:
    """Law 393/96 art. 20: never more than 45 days in total from receipt."""
    return received_on + dt.timedelta(days=MAX_TOTAL_DAYS)


def check_shortening(*, received_on: dt.date, current_due: dt.date, new_due: dt.date) -> None:
    """Law 393/96 art. 20: a shortened term is earlier than the current one, not before receipt."""
    if new_due >= current_due:
        raise DeadlineError(
            _("A shortened deadline must be earlier than the current one (%(date)s).")
            % {"date": current_due.strftime("%d.%m.%Y")}
        )
    if new_due < received_on:
        raise DeadlineError(_("The deadline cannot be before the appeal was received."))


def check_extension(*, received_on: dt.date, current_due: dt.date, new_due: dt.date) -> None:
    """Refuse an extension that shortens the deadline or goes beyond the 45-day ceiling."""
    ceiling = latest_extension(received_on)
    if new_due > ceiling:
        raise DeadlineError(
            _(
                "An appeal may be extended to at most 45 days from receipt "
                "(Law 393/96 art. 20): no later than %(date)s."
            )
            % {"date": ceiling.strftime("%d.%m.%Y")}
        )
    if new_due <= current_due:
        raise DeadlineError(
            _("The new deadline must be later than the current one (%(date)s).")
            % {"date": current_due.strftime("%d.%m.%Y")}
        )
