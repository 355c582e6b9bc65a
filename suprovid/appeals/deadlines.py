"""Deadlines for considering appeals, Law 393/96-ВР "Про звернення громадян".

- art. 20: one month from receipt by default; at most 15 days when no additional study
  is needed; the head may extend with notice to the applicant, to at most 45 days in total.
- art. 7: an appeal outside the body's competence is forwarded within 5 days; a
  non-compliant one (art. 5) is returned to the applicant within 10 days.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _

from .models import DeadlineRule

# Law 393/96 art. 20
NO_STUDY_DAYS = 15
MAX_TOTAL_DAYS = 45
# Law 393/96 art. 7
FORWARD_DAYS = 5
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


def due_date(received_on: dt.date, rule: str = DeadlineRule.STANDARD) -> dt.date:
    """The statutory deadline of an issue received on `received_on` under `rule`."""
    if rule == DeadlineRule.NO_STUDY:
        return received_on + dt.timedelta(days=NO_STUDY_DAYS)
    if rule == DeadlineRule.FORWARD:
        return received_on + dt.timedelta(days=FORWARD_DAYS)
    if rule == DeadlineRule.RETURN:
        return received_on + dt.timedelta(days=RETURN_DAYS)
    return add_one_month(received_on)


def latest_extension(received_on: dt.date) -> dt.date:
    """Law 393/96 art. 20: never more than 45 days in total from receipt."""
    return received_on + dt.timedelta(days=MAX_TOTAL_DAYS)


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
